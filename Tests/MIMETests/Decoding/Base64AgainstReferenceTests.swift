import MIME
import SeededRandom
import Testing

/// The base64 decoder has three fast paths (sixteen characters at a time in C, eight, four) beside
/// the character-at-a-time one that repairs. Whatever the input, they must give exactly what the
/// plain reading of RFC 2045 6.8 below gives, with the same repairs reported.
@Suite struct Base64AgainstReferenceTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// One character at a time: the alphabet fills a quantum, "=" ends it, white space is skipped,
    /// anything else is a stray character; a quantum left open at the end is decoded (missing padding).
    static func reference(_ input: [UInt8]) -> (bytes: [UInt8], stray: Int, missingPadding: Bool) {
        var out: [UInt8] = [], stray = 0, quantum: UInt32 = 0, have = 0
        func flush() {
            let v = quantum << (6 * UInt32(4 - have))
            out += [UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)].prefix(have - 1)
        }
        for c in input {
            if let value = alphabet.firstIndex(of: c) {
                quantum = quantum << 6 | UInt32(value)
                have += 1
                if have == 4 { flush(); have = 0; quantum = 0 }
            } else if c == UInt8(ascii: "=") {
                if have >= 2 { flush() } else if have == 1 { stray += 1 }
                have = 0
                quantum = 0
            } else if ![0x20, 0x09, 0x0D, 0x0A].contains(c) {
                stray += 1
            }
        }
        if have >= 2 { flush() } else if have == 1 { stray += 1 }
        return (out, stray, have >= 2)
    }

    /// The body decoded as the parser decodes an attachment, and its base64 repairs.
    static func decoded(_ body: [UInt8]) -> (bytes: [UInt8], defects: [String]) {
        let head = Array("Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=a.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
        let message = MessageParser.parse(head + body)
        return (message.attachments.first?.bytes ?? [], message.defects.filter { $0.kind.id == "invalid-base64" }.map(\.detail))
    }

    static func expectSame(_ body: [UInt8], _ note: @autoclosure () -> String) {
        let want = reference(body)
        let got = decoded(body)
        let defects = want.stray > 0 ? ["invalid base64: \(want.stray) stray character\(want.stray == 1 ? "" : "s") skipped"]
            : want.missingPadding ? ["invalid base64: missing padding"] : []
        // Compared first: a failure names the case instead of printing the bytes.
        let same = got.bytes == want.bytes
        #expect(same, "\(note()): \(got.bytes.count) bytes decoded, \(want.bytes.count) expected")
        #expect(got.defects == defects, "\(note())")
    }

    /// Every byte value at every place of a run long enough for three sixteen-character blocks: the
    /// block that holds it must be left to the repairing path, the blocks around it decoded whole.
    @Test func everyByteAtEveryPlaceOfARun() {
        let run = (0..<48).map { Self.alphabet[($0 * 7 + 3) % 64] }
        for place in 0..<run.count {
            for byte in 0...255 {
                var body = run
                body[place] = UInt8(byte)
                Self.expectSame(body, "byte \(byte) at \(place)")
            }
        }
    }

    /// Runs of the alphabet of every length, broken by line breaks, spaces, padding, stray bytes and
    /// 8-bit bytes in random places (a fixed seed: a failure comes again).
    @Test func randomBrokenRuns() {
        var generator = SeededGenerator(seed: 0x5EED_BA5E_64)
        let breaks: [[UInt8]] = [[0x0D, 0x0A], [0x0A], [0x20], [0x3D], [0x3D, 0x3D], [0x2A], [0x00], [0xC3, 0xA9], [0x2D], [0x09]]
        for round in 0..<3_000 {
            var body: [UInt8] = []
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                body += (0..<Int.random(in: 0...90, using: &generator)).map { _ in Self.alphabet.randomElement(using: &generator)! }
                if Bool.random(using: &generator) { body += breaks.randomElement(using: &generator)! }
                if Int.random(in: 0..<8, using: &generator) == 0 { body.append(UInt8.random(in: 0...255, using: &generator)) }
            }
            Self.expectSame(body, "round \(round)")
        }
    }
}
