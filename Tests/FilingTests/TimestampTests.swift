import Foundation
import Testing
@testable import Filing

@Test(arguments: [
    (0, "1970-01-01T00:00:00Z"),
    (951_782_400, "2000-02-29T00:00:00Z"),
    (1_795_891_187, "2026-11-28T18:39:47Z"),
    (4_102_444_799, "2099-12-31T23:59:59Z"),
])
func timestampsAreISO8601UTC(seconds: Int, expected: String) {
    #expect(Timestamp.string(epochSeconds: seconds) == expected)
}

@Test func nowAgreesWithFoundation() throws {
    let before = Int(Date().timeIntervalSince1970)
    let stamp = Timestamp.now()
    let after = Int(Date().timeIntervalSince1970)
    let f = ISO8601DateFormatter()
    let parsed = try #require(f.date(from: stamp))
    #expect((before...after).contains(Int(parsed.timeIntervalSince1970)))
}
