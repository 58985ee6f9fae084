/// Splitting and trimming text as Swift's Characters do, on bytes where the two are bound to agree:
/// these run on every line of every message, and breaking text into Characters costs far more than
/// reading its bytes. Each fast path says when it holds and hands anything else to the Character way.

extension StringProtocol {
    /// Every byte below 0x80: the text is ASCII, where the byte paths below hold.
    var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    /// Without the whitespace (as `Character.isWhitespace` has it) at either end.
    var trimmed: Substring {
        let s = Substring(self)
        if let fast = s.trimmedASCII { return fast }
        guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return s[s.endIndex...] }
        let last = s.lastIndex(where: { !$0.isWhitespace })!
        return s[first...last]
    }
}

extension Substring {
    /// `trimmed` done on bytes, for the usual line whose ends are ASCII; nil when a byte of 0x80 or more
    /// is met before the first or after the last non-space, for `trimmed`'s Character path to decide
    /// (U+00A0 is whitespace; a combining mark joins the space before it into one Character).
    /// Where the ends are ASCII, each byte there is a Character of its own (but for "\r\n", two spaces
    /// anyway), so the two paths cut in the same places.
    var trimmedASCII: Substring? {
        let u = utf8
        var lo = u.startIndex
        while lo < u.endIndex {
            let b = u[lo]
            if b >= 0x80 { return nil }
            if !Self.isASCIIWhitespace(b) { break }
            u.formIndex(after: &lo)
        }
        if lo == u.endIndex { return self[endIndex...] }
        var hi = u.endIndex
        while true {
            let before = u.index(before: hi)
            let b = u[before]
            if b >= 0x80 { return nil }
            if !Self.isASCIIWhitespace(b) { break }
            hi = before
        }
        return self[lo..<hi]
    }

    /// The ASCII characters with Unicode's White_Space property: tab, line feed, vertical tab, form feed,
    /// carriage return and space.
    @inline(__always) static func isASCIIWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }
}

extension String {
    /// `split(separator: "\n", omittingEmptySubsequences: false)`, on bytes when the text holds no "\r":
    /// then every "\n" is a Character of its own (only "\r\n" joins one into another), and a byte
    /// scan finds the same lines without breaking the text into Characters.
    var lines: [Substring] {
        // A native string's bytes are contiguous: scanned as a buffer, cut with O(1) offset indices.
        if let fast = utf8.withContiguousStorageIfAvailable({ self.cutLines($0) }) { return fast }
        guard !utf8.contains(UInt8(ascii: "\r")) else {
            return split(separator: "\n", omittingEmptySubsequences: false)
        }
        var lines: [Substring] = []
        var start = utf8.startIndex
        var i = start
        while i < utf8.endIndex {
            if utf8[i] == UInt8(ascii: "\n") {
                lines.append(self[start..<i])
                start = utf8.index(after: i)
            }
            utf8.formIndex(after: &i)
        }
        lines.append(self[start...])
        return lines
    }
}

extension String {
    /// `lines`, given this string's UTF-8 bytes.
    private func cutLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [Substring] {
        guard !bytes.contains(UInt8(ascii: "\r")) else {
            return split(separator: "\n", omittingEmptySubsequences: false)
        }
        func at(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var lines: [Substring] = []
        var start = 0
        for k in 0..<bytes.count where bytes[k] == UInt8(ascii: "\n") {
            lines.append(self[at(start)..<at(k)])
            start = k + 1
        }
        lines.append(self[at(start)...])
        return lines
    }
}

extension Substring {
    /// `split(separator: " ")`: the words between spaces. On bytes when every space has ASCII on both
    /// sides; then each space is a Character of its own, as only a non-ASCII neighbour (a combining mark
    /// after it, a prepend mark before it) can join a space into a larger Character that `split` passes over.
    var words: [Substring] {
        let u = utf8
        var words: [Substring] = []
        var start = u.startIndex
        var i = start
        var previous: UInt8 = 0
        while i < u.endIndex {
            let b = u[i]
            if b == 0x20 {
                let next = u.index(after: i)
                guard previous < 0x80, next == u.endIndex || u[next] < 0x80 else { return split(separator: " ") }
                if start < i { words.append(self[start..<i]) }
                start = next
            }
            previous = b
            u.formIndex(after: &i)
        }
        if start < u.endIndex { words.append(self[start...]) }
        return words
    }
}

extension Substring {
    /// `words.count`, without building the words: the signature tests ask how many words a line has far
    /// more often than what they are. The same byte rule as `words`, the same fallback.
    var wordCount: Int {
        if let count = utf8.withContiguousStorageIfAvailable(Self.wordCount), let count { return count }
        return split(separator: " ").count
    }

    /// The words of a label, its asides left out: "Accounts in AD (staff, students and alumni)" is a label of
    /// three words, however long what it says in parentheses.
    var labelWordCount: Int {
        guard containsByte(UInt8(ascii: "(")) else { return wordCount }
        var depth = 0
        var kept = ""
        for c in self {
            if c == "(" { depth += 1; kept.append(" "); continue }
            if c == ")" { depth = Swift.max(0, depth - 1); kept.append(" "); continue }
            if depth == 0 { kept.append(c) }
        }
        return kept.split(separator: " ").count
    }

    /// `wordCount` on a buffer; nil when a space has a non-ASCII neighbour, for `split` to decide.
    private static func wordCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var count = 0
        var previous: UInt8 = 0x20
        for (k, b) in bytes.enumerated() {
            if b == 0x20 {
                guard previous < 0x80, k + 1 == bytes.count || bytes[k + 1] < 0x80 else { return nil }
            } else if previous == 0x20 {
                count += 1
            }
            previous = b
        }
        return count
    }
}

extension Substring {
    /// Whether the text holds byte `b`: a scan of the buffer (memchr), not of the view's indices.
    func containsByte(_ b: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(b) } ?? utf8.contains(b)
    }

    /// Whether the text holds `needle`'s UTF-8 bytes in a row: where Foundation's `contains` would bridge
    /// the text to NSString for a needle of plain ASCII.
    func containsBytes(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        return utf8.withContiguousStorageIfAvailable { Self.find(n, in: $0) } ?? Array(utf8).withUnsafeBufferPointer { Self.find(n, in: $0) }
    }

    /// A plain search, where the standard library's `firstRange(of:)` measured 4 % of extraction slower.
    private static func find(_ needle: [UInt8], in hay: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == first, needle.indices.allSatisfy({ hay[i + $0] == needle[$0] }) { return true }
            i += 1
        }
        return false
    }
}

extension Unicode.Scalar {
    /// `properties.isUppercase`, read without the Unicode tables for ASCII (where it is A to Z): asked of
    /// every word's first letter in names and sentence ends.
    @inline(__always) var isUppercase: Bool {
        value < 0x80 ? value >= 0x41 && value <= 0x5A : properties.isUppercase
    }

    /// `properties.isLowercase`, the same way (a to z in ASCII).
    @inline(__always) var isLowercase: Bool {
        value < 0x80 ? value >= 0x61 && value <= 0x7A : properties.isLowercase
    }
}
