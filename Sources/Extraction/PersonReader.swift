/// The requester's name, title and organization as the signature block or an introduction writes them.
struct PersonReader: Sendable {
    struct Person: Sendable {
        var name: String?
        var title: String?
        var organization: String?
        var evidence: String
    }

    let closings: CueList
    let introductions: CueList
    let titles: CueList
    let organizations: OrganizationReader

    /// The signature under the last closing ("Best regards,", "Atentamente,"), else an introduction.
    func read(_ text: String) -> Person? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmed }
        if let person = fromSignature(lines) { return person }
        return fromIntroduction(text)
    }

    private func fromSignature(_ lines: [Substring]) -> Person? {
        guard let closingAt = lines.indices.last(where: { isClosing(lines[$0]) }) else { return nil }
        var block: [Substring] = []
        // "Regards, John Parker" keeps the name on the closing line.
        if let comma = lines[closingAt].firstIndex(of: ",") {
            let rest = lines[closingAt][lines[closingAt].index(after: comma)...].trimmed
            if !rest.isEmpty { block.append(rest) }
        }
        var i = closingAt + 1
        while i < lines.count, block.count < 6 {
            let line = lines[i]
            i += 1
            if line.isEmpty { if block.isEmpty { continue } else { if block.count >= 3 { break } else { continue } } }
            if line == "--" || line.hasPrefix("--") && line.count <= 3 { continue }
            block.append(line)
        }
        guard !block.isEmpty else { return nil }
        var person = Person(evidence: block.joined(separator: " / "))
        for line in block {
            if line.contains("@") || line.contains("http") || line.filter(\.isNumber).count >= 5 { continue }
            let pieces = Self.pieces(of: line)
            for piece in pieces {
                let t = TokenizedText(String(piece))
                if person.title == nil, titles.firstMatch(in: t) != nil, piece.split(separator: " ").count <= 9 {
                    person.title = String(piece)
                } else if person.organization == nil, let org = organizations.organization(in: String(piece)) {
                    person.organization = org.name
                } else if person.name == nil, person.title == nil, Self.looksLikeName(piece) {
                    person.name = String(piece)
                }
            }
        }
        return person.name == nil && person.title == nil ? nil : person
    }

    private func fromIntroduction(_ text: String) -> Person? {
        let t = TokenizedText(text)
        for (_, range) in introductions.matches(in: t) {
            // The name is the run of capitalised words right after "my name is" / "soy" / "meu nome é".
            var words: [String] = []
            var j = range.upperBound
            while j < t.tokens.count, words.count < 5 {
                let token = t.tokens[j]
                let written = t.text(token.range)
                guard token.kind == .word, written.first?.isUppercase == true || (!words.isEmpty && Self.nameParticles.contains(token.folded)) else { break }
                words.append(written)
                j += 1
            }
            while let last = words.last, Self.nameParticles.contains(TokenizedText.fold(last)) { words.removeLast() }
            guard words.count >= 2 else { continue }
            let sentence = t.sentence(around: range.lowerBound)
            var person = Person(name: words.joined(separator: " "), evidence: sentence)
            // "…, IT Manager at XYZ University" in the same sentence.
            if let comma = sentence.firstIndex(of: ",") {
                let rest = sentence[sentence.index(after: comma)...]
                let candidate = rest.split(whereSeparator: { $0 == "," || $0 == "." }).first.map { $0.trimmed } ?? ""
                let tt = TokenizedText(String(candidate))
                if let m = titles.firstMatch(in: tt) {
                    person.title = Self.titleStopping(at: candidate, tokens: tt, from: m.tokens.upperBound)
                }
            }
            person.organization = organizations.organization(in: sentence)?.name
            return person
        }
        return nil
    }

    private func isClosing(_ line: Substring) -> Bool {
        let core = line.trimmingCharacters(in: ",.!-–— ")
        guard !core.isEmpty, core.split(separator: " ").count <= 6 else { return false }
        let t = TokenizedText(String(core))
        guard let m = closings.firstMatch(in: t), m.tokens.lowerBound == 0 else { return false }
        // The closing must be the whole line, or be followed only by a comma and a name.
        if m.tokens.upperBound == t.tokens.count { return true }
        return line.contains(",")
    }

    /// A title line often carries the organization too: "IT Manager, XYZ University", "Director | Acme".
    static func pieces(of line: Substring) -> [Substring] {
        line.split(whereSeparator: { $0 == "," || $0 == "|" || $0 == "–" || $0 == "—" || $0 == "·" })
            .flatMap { $0.split(separator: " - ", omittingEmptySubsequences: true) }
            .map { $0.trimmed }.filter { !$0.isEmpty }
    }

    static func looksLikeName(_ s: Substring) -> Bool {
        let words = s.split(separator: " ")
        guard (1...6).contains(words.count), s.count <= 60 else { return false }
        guard !s.contains(where: { $0.isNumber || $0 == ":" || $0 == "@" || $0 == "/" }) else { return false }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        return words.count >= 2 && capitalised >= max(2, words.count - 2)
    }

    /// Stops a title at the word that introduces the organization ("… at XYZ", "… de la Universidad").
    static func titleStopping(at text: Substring, tokens: TokenizedText, from: Int) -> String {
        var end = text.endIndex
        for stop in [" at ", " of the ", " for ", " en la ", " de la ", " del ", " da ", " do ", " na ", " no "] {
            if let r = text.range(of: stop), r.lowerBound > text.startIndex, r.lowerBound < end { end = r.lowerBound }
        }
        return String(text[..<end]).trimmed.description
    }

    static let honorifics: Set<String> = ["mr", "mrs", "ms", "dr", "prof", "sr", "sra", "srta", "dra", "eng", "ing"]
    static let nameParticles: Set<String> = ["de", "da", "do", "dos", "das", "del", "la", "van", "von", "y", "e"]
}

extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var s = self
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return s
    }

    func range(of needle: String) -> Range<Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
