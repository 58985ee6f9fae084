/// A phrase to look for in tokenized text: words compared without case or accents, `word*` as a prefix,
/// `...` as up to four other words. Cues never match across a sentence boundary.
struct Cue: Sendable {
    enum Part: Sendable, Equatable {
        case word(String)
        case prefix(String)
        case gap
    }

    let phrase: String
    let parts: [Part]

    init(_ phrase: String) {
        self.phrase = phrase
        parts = phrase.split(whereSeparator: { $0 == " " || $0 == "/" }).compactMap { raw in
            if raw == "..." || raw == "…" { return .gap }
            let folded = TokenizedText.fold(String(raw))
            if folded.hasSuffix("*") { return .prefix(String(folded.dropLast())) }
            return .word(folded)
        }
    }

    static let maxGap = 4

    /// Token index ranges where the cue matches.
    func matches(in text: TokenizedText) -> [Range<Int>] {
        guard let first = parts.first, first != .gap else { return [] }
        var found: [Range<Int>] = []
        var next = 0
        func tryAt(_ i: Int) {
            guard i >= next, let end = match(text, part: 0, at: i) else { return }
            found.append(i..<end)
            next = end
        }
        if case .word(let w) = first {
            for i in text.positions[w] ?? [] { tryAt(i) }
        } else {
            for i in text.tokens.indices { tryAt(i) }
        }
        return found
    }

    private func match(_ text: TokenizedText, part: Int, at index: Int) -> Int? {
        if part == parts.count { return index }
        guard index < text.tokens.count else { return nil }
        switch parts[part] {
        case .gap:
            var skip = 0
            while skip <= Self.maxGap, index + skip < text.tokens.count {
                if let end = match(text, part: part + 1, at: index + skip) { return end }
                if text.tokens[index + skip].kind == .boundary { return nil }
                skip += 1
            }
            return nil
        case .word(let w):
            let t = text.tokens[index]
            guard t.kind != .boundary, t.folded == w else { return nil }
            return match(text, part: part + 1, at: index + 1)
        case .prefix(let p):
            let t = text.tokens[index]
            guard t.kind != .boundary, t.folded.hasPrefix(p) else { return nil }
            return match(text, part: part + 1, at: index + 1)
        }
    }
}

/// A list of cues, any of which may match.
struct CueList: Sendable {
    let cues: [Cue]
    init(_ phrases: [String]) { cues = phrases.map(Cue.init) }

    func matches(in text: TokenizedText) -> [(cue: Cue, tokens: Range<Int>)] {
        cues.flatMap { cue in cue.matches(in: text).map { (cue, $0) } }
            .sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    func firstMatch(in text: TokenizedText) -> (cue: Cue, tokens: Range<Int>)? {
        matches(in: text).first
    }
}
