/// A list of mail domains (free-mail providers, say), matched on a domain and every parent of it, so
/// `mx.hotmail.com` matches `hotmail.com` while `hotmail.com.xyz.edu` and `gmailer.com` do not.
public struct DomainList: Sendable {
    public let name: String
    private let entries: Set<String>

    public init(name: String, entries: some Sequence<String>) {
        self.name = name
        self.entries = Set(entries.map { Self.normalize($0) }.filter { !$0.isEmpty })
    }

    public var count: Int { entries.count }

    /// The entry that matches `domain` or one of its parents, most specific first.
    public func match(_ domain: String) -> String? {
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

    /// Parses a list file: one domain a line, `#` starts a comment.
    static func parse(_ text: String) -> [(line: Int, domain: String)] {
        var out: [(Int, String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let d = normalize(line)
            if !d.isEmpty { out.append((i + 1, d)) }
        }
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

/// Two domains belong to one organization when they are equal or one is a subdomain of the other.
public func sameOrganization(_ a: String, _ b: String) -> Bool {
    let x = a.lowercased(), y = b.lowercased()
    return x == y || x.hasSuffix("." + y) || y.hasSuffix("." + x)
}
