import Foundation
import Testing
@testable import Pipeline

/// A rule-test folder that cannot be listed is a typed error saying which folder and what to give
/// (it was a "source unusable" string); a sidecar that is there but unreadable is not called missing.
@Test func ruleTestsThatCannotBeReadSayWhy() throws {
    let dir = try temporaryFolder("rule-tests")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (path, exists) in [(dir + "/nope", false), (dir + "/file.eml", true)] {
        if exists { try Data("From: a@x.org\r\n\r\n".utf8).write(to: URL(fileURLWithPath: path)) }
        do {
            _ = try RuleTestSuite.cases(in: path)
            Issue.record("\(path) was listed")
        } catch {
            guard case .ruleTestsUnlistable(let directory, let found) = error else { Issue.record("\(error)"); continue }
            #expect(directory == path && found == exists)
            #expect(error.description.contains("Rules/tests"), "says what to give: \(error)")
        }
    }
    try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(fileURLWithPath: dir + "/file.expect.yaml"))
    let cases = try RuleTestSuite.cases(in: dir)
    #expect(cases.map(\.name) == ["file"])
    let result = RuleTestSuite.run(cases[0], decider: try Decider(rulesDirectory: repository + "/Rules"))
    #expect(!result.passed)
    #expect(result.differences.first?.hasPrefix("file.expect.yaml cannot be read as UTF-8 text") == true, "\(result.differences)")
}
