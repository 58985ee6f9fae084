/// How a message names a case: the case id in a subject ("Re: … [LX-2026-0042]"), and the Message-ID of
/// a reply intake sent for a case. One definition, read by the follow-up join and written by the outbox.
package enum CaseReference {
    /// The case ids a subject names, in order, each once: "LX", a four-digit year, at least four digits,
    /// standing as a word of its own (bracketed or not). Bounded: a subject is read once, left to right.
    package static func caseIDs(inSubject subject: String) -> [String] {
        let bytes = Array(subject.utf8)
        var found: [String] = []
        var i = 0
        while i + 12 <= bytes.count {
            if bytes[i] == UInt8(ascii: "L"), bytes[i + 1] == UInt8(ascii: "X"), bytes[i + 2] == UInt8(ascii: "-"),
               i == 0 || !isWordByte(bytes[i - 1]), let end = caseIDEnd(bytes, from: i) {
                let id = String(decoding: bytes[i..<end], as: UTF8.self)
                if !found.contains(id) { found.append(id) }
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// The Message-ID of reply number `sequence` (from 1) of a case, without angle brackets:
    /// "LX-2026-0042.r1.<16 hex digits>@domain". The random part keeps ids unique across stores.
    package static func replyMessageID(caseID: String, sequence: Int, random: UInt64, domain: String) -> String {
        let hex = String(random, radix: 16)
        return "\(caseID).r\(sequence).\(String(repeating: "0", count: max(0, 16 - hex.count)))\(hex)@\(domain)"
    }

    /// The case a reply's Message-ID names (with or without angle brackets), or nil when the id is not
    /// of the shape `replyMessageID` writes.
    package static func caseID(inReplyMessageID messageID: String) -> (caseID: String, sequence: Int)? {
        var id = Substring(messageID)
        if id.hasPrefix("<"), id.hasSuffix(">") { id = id.dropFirst().dropLast() }
        guard let at = id.firstIndex(of: "@") else { return nil }
        let parts = id[..<at].split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, isCaseID(parts[0]), parts[1].first == "r",
              let sequence = Int(parts[1].dropFirst()), sequence > 0, parts[1].dropFirst().allSatisfy(\.isASCIIDigit),
              parts[2].count == 16, parts[2].allSatisfy(\.isHexDigit) else { return nil }
        return (String(parts[0]), sequence)
    }

    /// "LX-2026-0001": LX, a four-digit year, a number of at least four digits.
    package static func isCaseID(_ name: Substring) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "LX" && parts[1].count == 4 && parts[2].count >= 4
            && parts[1].allSatisfy(\.isASCIIDigit) && parts[2].allSatisfy(\.isASCIIDigit)
    }

    /// Where a case id starting at `start` ("LX-") ends, or nil when none stands there.
    private static func caseIDEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var i = start + 3
        for _ in 0..<4 { guard i < bytes.count, isDigit(bytes[i]) else { return nil }; i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "-") else { return nil }
        i += 1
        let numberStart = i
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        guard i - numberStart >= 4, i == bytes.count || !isWordByte(bytes[i]) else { return nil }
        return i
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    private static func isWordByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b >= 0x80
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
