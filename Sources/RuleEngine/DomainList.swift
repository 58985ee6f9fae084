/// A list of mail domains (free-mail providers, say), matched on a domain and every parent of it, so
/// `mx.hotmail.com` matches `hotmail.com` while `hotmail.com.xyz.edu` and `gmailer.com` do not.
package struct DomainList: Sendable {
    package let name: String
    private let entries: Set<String>

    package init(name: String, entries: some Sequence<String>) {
        self.name = name
        self.entries = Set(entries.map { Self.normalize($0) }.filter { !$0.isEmpty })
    }

    package var count: Int { entries.count }

    /// The entry that matches `domain` or one of its parents, most specific first.
    package func match(_ domain: String) -> String? {
        var d = Substring(Self.normalize(domain))
        while !d.isEmpty {
            if entries.contains(String(d)) { return String(d) }
            guard let dot = d.firstIndex(of: ".") else { return nil }
            d = d[d.index(after: dot)...]
        }
        return nil
    }

    static func normalize(_ s: some StringProtocol) -> String {
        var t = s.lowercased()
        while t.hasSuffix(".") { t.removeLast() }
        while t.hasPrefix(".") || t.hasPrefix("@") { t.removeFirst() }
        return t.trimmingSpaces()
    }

    /// Entries already normalized (lower-case, trimmed), as `parse` returns them.
    init(name: String, normalized: [String]) {
        self.name = name
        self.entries = Set(normalized)
    }

    /// Parses a list file: one domain a line, `#` starts a comment. Works on bytes: the shipped
    /// free-mail list has tens of thousands of lines and is read on every run.
    static func parse(_ text: String) -> [(line: Int, domain: String)] {
        var out: [(Int, String)] = []
        out.reserveCapacity(text.utf8.count / 12)
        var line = 1
        var current: [UInt8] = []
        var inComment = false
        func flush() {
            var start = 0, end = current.count
            while start < end, current[start] == 0x20 || current[start] == 0x09 || current[start] == 0x2E || current[start] == 0x40 { start += 1 }
            while end > start, current[end - 1] == 0x20 || current[end - 1] == 0x09 || current[end - 1] == 0x0D || current[end - 1] == 0x2E { end -= 1 }
            if start < end { out.append((line, String(decoding: current[start..<end], as: UTF8.self))) }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case 0x0A:
                flush()
                inComment = false
                line += 1
            case 0x23:
                inComment = true
            default:
                if !inComment { current.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) }
            }
        }
        flush()
        return out
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
