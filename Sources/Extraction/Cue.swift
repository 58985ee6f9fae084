/// A phrase to look for in tokenized text: words compared without case or accents, `word*` as a prefix,
/// `...` as up to six other words. Cues never match across a sentence boundary.
///
/// With a stemmer (the cue's language's), a word also matches every word of the same stem: "remain"
/// matches "remains", "remained" and "remaining". `=word` opts a word out and matches it alone.
final class Cue: Sendable {
    enum Part: Sendable, Equatable {
        case word(String)
        case prefix(String)
        /// A word, or any word whose stem is `stem`; such words start with `lead` (the word and its
        /// stem's common beginning), so only those are stemmed.
        case stem(word: String, stem: String, lead: String)
        case gap
    }

    let phrase: String
    let parts: [Part]
    let stemmer: Stemmer?

    init(_ phrase: String, stemmer: Stemmer? = nil) {
        self.phrase = phrase
        self.stemmer = stemmer
        parts = phrase.split(whereSeparator: { $0 == " " || $0 == "/" }).compactMap { raw in
            if raw == "..." || raw == "…" { return .gap }
            if raw.hasPrefix("="), raw.count > 1 { return .word(TokenizedText.fold(String(raw.dropFirst()))) }
            let folded = TokenizedText.fold(String(raw))
            if folded.hasSuffix("*") { return .prefix(String(folded.dropLast())) }
            // Short words ("as", "the", "de") are function words: their forms are not worth a stem.
            guard let stemmer, folded.count > 3 else { return .word(folded) }
            let stem = stemmer.stem(folded)
            let lead = String(zip(folded, stem).prefix { $0 == $1 }.map(\.0))
            // A stem that shares under three letters with its word would send too many words to the stemmer.
            guard lead.count >= 3 else { return .word(folded) }
            return .stem(word: folded, stem: stem, lead: lead)
        }
        if case .stem(_, let s, _) = parts.first, let stemmer { stemKey = stemmer.language + " " + s } else { stemKey = nil }
        switch parts.first {
        case .prefix(let p), .stem(_, _, let p): lead = TokenizedText.BytePrefix(p)
        default: lead = nil
        }
        laterWords = parts.dropFirst().compactMap { if case .word(let w) = $0 { return w } else { return nil } }
    }

    /// Whether a folded word is this stem part's word or one of its forms. Forms are those of the cue's
    /// language, so only in a text of that language (or of none known): the Spanish stem of "informaremos"
    /// is also the Spanish stem of the English "information".
    func matchesStem(_ folded: String, word: String, stem: String, lead: String, in text: TokenizedText) -> Bool {
        if folded == word { return true }
        guard let stemmer, text.language == nil || text.language == stemmer.language,
              folded.utf8.starts(with: lead.utf8) else { return false }
        return stemmer.stem(folded) == stem
    }

    static let maxGap = 6

    /// Token index ranges where the cue matches.
    /// Where the cue's first part, a stem, stands in the text: the words with its lead whose stem is its.
    func stemStarts(in text: TokenizedText) -> [Int] {
        guard case .stem(_, _, let lead) = parts.first else { return [] }
        // A form starts with the lead: its first byte and length rule out most words before any compare.
        let first = lead.utf8.first ?? 0, length = lead.utf8.count
        let words = text.words
        return stemStarts(in: text, amongWords: words.indices.lazy.filter {
            words[$0].first == first && words[$0].length >= length && words[$0].starts(with: self.lead!)
        })
    }

    /// `stemStarts(in:)` from the words (indices into `text.words`, in order) whose bytes start with the lead,
    /// as a cue list's index found them: only those are stemmed, and no other word is looked at.
    func stemStarts(in text: TokenizedText, amongWords candidates: some Sequence<Int>) -> [Int] {
        guard case .stem(let w, let s, let lead) = parts.first else { return [] }
        var starts: [Int] = []
        for i in candidates where matchesStem(text.words[i].text, word: w, stem: s, lead: lead, in: text) {
            starts += text.positions(of: text.words[i])
        }
        return starts.sorted()
    }

    /// Where the cue's first part, a prefix of plain ASCII, stands: the words given (indices into
    /// `text.words`, in order, each starting with the prefix's bytes) as `matches(in:)` holds them to it.
    /// Nil when the prefix is not ASCII, for `matches(in:)` to look at every word.
    func prefixStarts(in text: TokenizedText, amongWords candidates: some Sequence<Int>) -> [Int]? {
        guard case .prefix(let p) = parts.first, let lead, lead.isASCII, lead.length > 0 else { return nil }
        var starts: [Int] = []
        // An ASCII word that starts with the bytes starts with the prefix; another is held to `hasPrefix` as
        // `matches(in:)` holds it (a Character of an ASCII letter and a mark is no letter).
        for i in candidates where text.words[i].isASCII || text.words[i].text.hasPrefix(p) {
            starts += text.positions(of: text.words[i])
        }
        return starts.sorted()
    }

    /// The first part's prefix or stem lead, packed: most of a text's words are ruled out by it in one compare.
    let lead: TokenizedText.BytePrefix?

    /// The key of a stem first part ("en remain"): cues that share it start at the same words.
    let stemKey: String?
    /// The exact words after the first part ("rest" in "the rest"): a text that lacks one cannot match,
    /// which a lookup tells before any position of the first word is tried.
    let laterWords: [String]

    /// Matches from the given first-part positions (`stemStarts`, shared by the cues of a list).
    func matches(in text: TokenizedText, startingAt starts: some Sequence<Int>) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var next = 0
        for i in starts where i >= next {
            guard let end = match(text, part: 0, at: i) else { continue }
            found.append(i..<end)
            next = end
        }
        return found
    }

    func matches(in text: TokenizedText) -> [Range<Int>] {
        guard let first = parts.first, first != .gap else { return [] }
        var found: [Range<Int>] = []
        var next = 0
        func tryAt(_ i: Int) {
            guard i >= next, let end = match(text, part: 0, at: i) else { return }
            found.append(i..<end)
            next = end
        }
        switch first {
        case .word(let w):
            for i in text.positions(of: w) { tryAt(i) }
        case .prefix(let p):
            // Only where a word with the prefix stands: each distinct word is tested once.
            var starts: [Int] = []
            // For ASCII words and prefixes `hasPrefix` compares bytes: the packed compare gives the same.
            for word in text.words where word.isASCII && lead!.isASCII ? word.starts(with: lead!) : word.text.hasPrefix(p) {
                starts += text.positions(of: word)
            }
            for i in starts.sorted() { tryAt(i) }
        case .stem:
            for i in stemStarts(in: text) { tryAt(i) }
        case .gap:
            break
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
        case .stem(let w, let s, let lead):
            let t = text.tokens[index]
            guard t.kind == .word, matchesStem(t.folded, word: w, stem: s, lead: lead, in: text) else { return nil }
            return match(text, part: part + 1, at: index + 1)
        }
    }
}

/// A list of cues, any of which may match.
final class CueList: Sendable {
    let cues: [Cue]
    /// Cues by their first word, so a text is only tried with the cues that can start in it: lists
    /// hold hundreds of phrasings in six languages, and short texts (a signature line) hold few words.
    private let byFirstWord: [String: [Int]]
    /// `byFirstWord`'s keys by first byte and length: rules out most words before they are hashed.
    private let firstWordShapes: WordShapes
    /// Cues that start with a prefix (`licen*`), by the prefix's first UTF-8 byte: a text's words are
    /// held only against the prefixes that start as they do, not every word against every prefix.
    private let prefixedByFirstByte: [[Int]]
    /// For each first byte, the second bytes (& 63) its prefixes have, every bit for a one-byte prefix:
    /// most words are ruled out here, before any prefix is compared.
    private let prefixSecondBytes: [UInt64]
    /// Each prefix cue's prefix, by cue index ("" for others), read without unwrapping the cue's parts.
    private let prefixes: [String]
    /// The same prefixes packed for comparing with a text's words.
    private let bytePrefixes: [TokenizedText.BytePrefix]
    /// Cues whose prefix is empty (a lone `*`): a candidate for any text with a word.
    private let emptyPrefix: [Int]
    /// Each cue's `stemKey` as a number, the same for cues that share it; nil for cues without one: a
    /// text's stem starts are kept by it without hashing the key's string.
    private let stemGroups: [Int?]

    convenience init(_ phrases: [String]) {
        self.init(cues: phrases.map { Cue($0) })
    }

    init(cues: [Cue]) {
        self.cues = cues
        var index: [String: [Int]] = [:]
        var prefixed = [[Int]](repeating: [], count: 256)
        var second = [UInt64](repeating: 0, count: 256)
        var prefixes = [String](repeating: "", count: cues.count)
        var empty: [Int] = []
        for (i, cue) in cues.enumerated() {
            switch cue.parts.first {
            case .word(let w): index[w, default: []].append(i)
            case .prefix(let p), .stem(_, _, let p):
                // A stem's forms all start with its lead: to the index, the lead is a prefix.
                let bytes = Array(p.utf8)
                prefixes[i] = p
                if let b = bytes.first {
                    prefixed[Int(b)].append(i)
                    second[Int(b)] |= bytes.count > 1 ? 1 << UInt64(bytes[1] & 63) : ~0
                } else {
                    empty.append(i)
                }
            case .gap, nil: break  // never matches
            }
        }
        byFirstWord = index
        firstWordShapes = WordShapes(index.keys)
        prefixedByFirstByte = prefixed
        prefixSecondBytes = second
        self.prefixes = prefixes
        var groupOfKey: [String: Int] = [:]
        var stemGroups: [Int?] = []
        for cue in cues {
            guard let key = cue.stemKey else { stemGroups.append(nil); continue }
            if groupOfKey[key] == nil { groupOfKey[key] = groupOfKey.count }
            stemGroups.append(groupOfKey[key])
        }
        self.stemGroups = stemGroups
        bytePrefixes = prefixes.map(TokenizedText.BytePrefix.init)
        emptyPrefix = empty
    }

    func matches(in text: TokenizedText) -> [(cue: Cue, tokens: Range<Int>)] {
        indexedMatches(in: text).map { (cues[$0.index], $0.tokens) }
    }

    /// `matches`, each with its cue's index in the list, in text order.
    func indexedMatches(in text: TokenizedText) -> [(index: Int, tokens: Range<Int>)] {
        // Each prefix or stem cue with the words that start with it: (cue, range of `prefixed`).
        let prefixed = prefixCandidates(in: text)
        var candidates: [(cue: Int, words: Range<Int>)] = []
        var k = 0
        while k < prefixed.count {
            let cue = Int(prefixed[k] >> 32)
            var end = k + 1
            while end < prefixed.count, Int(prefixed[end] >> 32) == cue { end += 1 }
            candidates.append((cue, k..<end))
            k = end
        }
        for i in emptyPrefix where !text.words.isEmpty { candidates.append((i, 0..<0)) }
        // A text word is ruled out by its shape far more cheaply than a list word is hashed to look it up in
        // the text: the list's words are looked up only when the text has many times more.
        if text.words.count <= byFirstWord.count * 8 {
            let words = text.words
            for w in words.indices where firstWordShapes.mayContain(words[w]) {
                if let list = byFirstWord[words[w].text] { for i in list { candidates.append((i, w..<w + 1)) } }
            }
        } else {
            for (word, list) in byFirstWord {
                if let w = text.wordNumber(of: word) { for i in list { candidates.append((i, w..<w + 1)) } }
            }
        }
        guard !candidates.isEmpty else { return [] }
        // In list order, as if every cue had been tried: ties keep the list's order of preference.
        candidates.sort { $0.cue < $1.cue }
        candidates.removeAll { !cues[$0.cue].laterWords.allSatisfy { text.holds($0) } }
        // A prefix or stem cue's range is of `prefixed`; a first word's is the word's number in the text.
        func words(_ r: Range<Int>) -> LazyMapSequence<ArraySlice<UInt64>, Int> { prefixed[r].lazy.map { Int($0 & 0xFFFF_FFFF) } }
        // Cues that start with the same stem ("remain ... below", "remain ... under") find its words once.
        var starts: [Int: [Int]] = [:]
        var found: [(index: Int, tokens: Range<Int>)] = []
        for (i, r) in candidates {
            let cue = cues[i]
            guard let key = stemGroups[i] else {
                // A first word's places are the word's; a prefix's words are those the index found; any
                // other first part looks for its own.
                if case .word = cue.parts.first, r.count == 1 {
                    for m in cue.matches(in: text, startingAt: text.positions(of: text.words[r.lowerBound])) { found.append((i, m)) }
                } else if !r.isEmpty, let at = cue.prefixStarts(in: text, amongWords: words(r)) {
                    for m in cue.matches(in: text, startingAt: at) { found.append((i, m)) }
                } else {
                    for m in cue.matches(in: text) { found.append((i, m)) }
                }
                continue
            }
            let at = starts[key] ?? cue.stemStarts(in: text, amongWords: words(r))
            starts[key] = at
            for m in cue.matches(in: text, startingAt: at) { found.append((i, m)) }
        }
        // Most texts give a match or two, already in order: sorting is then left out (it would keep them so).
        guard !found.indices.dropFirst().allSatisfy({ found[$0 - 1].tokens.lowerBound <= found[$0].tokens.lowerBound }) else { return found }
        return found.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }

    func firstMatch(in text: TokenizedText) -> (cue: Cue, tokens: Range<Int>)? {
        matches(in: text).first
    }

    /// Whether some cue could match starting at token `index`: only a word starts a match, and only when
    /// a cue's first word is that word or its prefix starts it. A necessary condition, far cheaper than
    /// `matches`, for callers that want a match at one place only (a closing at a line's start).
    func mayMatch(at index: Int, in text: TokenizedText) -> Bool {
        guard index < text.tokens.count, text.tokens[index].kind == .word else { return false }
        return mayStart(with: text.tokens[index].folded)
    }

    /// `mayMatch` for a folded word that is not tokenized yet.
    func mayStart(with word: String) -> Bool {
        if !emptyPrefix.isEmpty || (firstWordShapes.mayContain(word) && byFirstWord[word] != nil) { return true }
        // As `indexedMatches` finds its candidates: only the prefixes that start with the word's first byte,
        // compared byte for byte.
        guard let first = word.utf8.first else { return false }
        return prefixedByFirstByte[Int(first)].contains { word.utf8.starts(with: prefixes[$0].utf8) }
    }

    /// The prefix and stem cues some word of the text starts with (byte for byte), each with every such word:
    /// `cue << 32 | word index`, sorted, so a cue's words stand together and in text order.
    private func prefixCandidates(in text: TokenizedText) -> [UInt64] {
        var found: [UInt64] = []
        // By index, not `for word in`: a copy of each word would retain and release its text.
        let words = text.words
        for w in words.indices where words[w].length > 0 {
            // A one-byte word has no second byte: 0 stands for it, and only a one-byte prefix (every bit) lets it by.
            guard prefixSecondBytes[Int(words[w].first)] & (1 << UInt64(words[w].second & 63)) != 0 else { continue }
            for i in prefixedByFirstByte[Int(words[w].first)] where words[w].starts(with: bytePrefixes[i]) {
                found.append(UInt64(i) << 32 | UInt64(w))
            }
        }
        found.sort()
        return found
    }
}

/// Several cue lists searched as one: a text's words are looked up once for all of them rather than once
/// per list. Each list's matches are those its own `matches` gives, in the same order (a list's cues keep
/// their order inside the merged one, and matches are ordered by where they start, ties kept as they came).
final class CueLists: Sendable {
    let merged: CueList
    /// Which list each merged cue came from.
    private let listOfCue: [Int]
    private let count: Int

    init(_ lists: [CueList]) {
        merged = CueList(cues: lists.flatMap(\.cues))
        listOfCue = lists.indices.flatMap { i in Array(repeating: i, count: lists[i].cues.count) }
        count = lists.count
    }

    /// Each list's `matches(in:)`, by the lists' order.
    func matches(in text: TokenizedText) -> [[(cue: Cue, tokens: Range<Int>)]] {
        var found = [[(cue: Cue, tokens: Range<Int>)]](repeating: [], count: count)
        for m in merged.indexedMatches(in: text) { found[listOfCue[m.index]].append((merged.cues[m.index], m.tokens)) }
        return found
    }
}
