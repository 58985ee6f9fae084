/// Facts that a single phrase establishes: the reason, each commitment, the maintenance plan, the product.
final class PhraseReader: Sendable {
    let reason: CueList
    /// Folded words that restate without a cause, and the count nouns: what a reason must hold more than.
    let restating: Set<String>
    /// Folded words that open a sentence continuing the one before ("they", "estas", "elas").
    let continuing: Set<String>
    let activeBelowLimit: Commitment
    let notifyIfExceeded: Commitment
    let allowVerification: Commitment

    /// One promise: the phrases that make it, and the groups of which a sentence must hold one phrase each.
    struct Commitment: Sendable {
        var phrases: CueList
        /// Every language's groups in one list: a sentence meets a language's groups when it holds a match
        /// of each of them.
        var sentenceGroups: ExtractionPatterns.SentenceGroups
    }
    let maintenance: [(plan: Maintenance, cues: CueList)]
    let products: CueList
    let negations: Set<String>
    /// The reason's cues, each commitment's phrases, each plan's cues and the products, searched together.
    private let searched: CueLists

    /// What each list of a reading's phrases matched, found in one search (`found(in:)`).
    struct Found {
        fileprivate var lists: [[(cue: Cue, tokens: Range<Int>)]]
        var reason: [(cue: Cue, tokens: Range<Int>)] { lists[0] }
        var activeBelowLimit: [(cue: Cue, tokens: Range<Int>)] { lists[1] }
        var notifyIfExceeded: [(cue: Cue, tokens: Range<Int>)] { lists[2] }
        var allowVerification: [(cue: Cue, tokens: Range<Int>)] { lists[3] }
        var products: [(cue: Cue, tokens: Range<Int>)] { lists[4] }
        var maintenance: ArraySlice<[(cue: Cue, tokens: Range<Int>)]> { lists[5...] }
    }

    init(_ patterns: ExtractionPatterns) {
        reason = patterns.cues(\.reason, stemmed: true)
        restating = Set(patterns.languages.flatMap(\.reasonWithoutCause).map(TokenizedText.fold))
        continuing = Set(patterns.languages.flatMap(\.reasonContinuing).map(TokenizedText.fold))
        activeBelowLimit = Commitment(phrases: patterns.cues(\.commitments.activeBelowLimit, stemmed: true),
                                      sentenceGroups: patterns.sentenceGroups("activeBelowLimit"))
        notifyIfExceeded = Commitment(phrases: patterns.cues(\.commitments.notifyIfExceeded, stemmed: true),
                                      sentenceGroups: patterns.sentenceGroups("notifyIfExceeded"))
        allowVerification = Commitment(phrases: patterns.cues(\.commitments.allowVerification, stemmed: true),
                                       sentenceGroups: patterns.sentenceGroups("allowVerification"))
        var plans: [String: [String]] = [:]
        for language in patterns.languages {
            for (plan, cues) in language.maintenance { plans[plan, default: []] += cues }
        }
        maintenance = plans.keys.sorted().map { (Maintenance(rawValue: $0), CueList(plans[$0]!)) }
        // Longest first, so "PaperCut NG MF" wins over "PaperCut NG".
        products = CueList(patterns.languages.flatMap(\.products).sorted { $0.count > $1.count })
        negations = Set(patterns.languages.flatMap(\.negations).map(TokenizedText.fold))
        searched = CueLists([reason, activeBelowLimit.phrases, notifyIfExceeded.phrases, allowVerification.phrases, products]
                            + maintenance.map(\.cues))
    }

    /// Every list's matches in `t`, for the readers below that take them.
    func found(in t: TokenizedText) -> Found { Found(lists: searched.matches(in: t)) }

    /// The sentence that gives the most reason cues: why the other accounts will not print. A semicolon does
    /// not end it: "The difference is contractors; they work from home and never print" is one reason.
    /// `matches` are the reason cues' in `t` (`found(in:)`).
    func reason(in t: TokenizedText, matches: [(cue: Cue, tokens: Range<Int>)]) -> (text: String, evidence: String)? {
        var perSentence: [Range<Int>: Set<String>] = [:]
        var order: [Range<Int>] = []
        for (cue, tokens) in matches {
            // Matches come in order: one walk per sentence, however many cues it holds.
            let s: Range<Int>
            if let last = order.last, last.contains(tokens.lowerBound) {
                s = last
            } else {
                s = t.sentenceTokens(around: tokens.lowerBound, joining: [";"])
            }
            if perSentence[s] == nil { order.append(s) }
            perSentence[s, default: []].insert(cue.phrase)
        }
        guard !order.isEmpty else { return nil }
        // "The remaining accounts will not print." says that they will not, not why: a reason holds a word more
        // than restatements and negations ("alumni", a cue, is a cause).
        let causes = order.filter { s in
            s.contains {
                let word = t.tokens[$0]
                return word.kind == .word && word.folded.utf8.count >= 3 && !restating.contains(word.folded) && !negations.contains(word.folded)
            }
        }
        guard var best = causes.max(by: { perSentence[$0]!.count < perSentence[$1]!.count }) else { return nil }
        // "The remaining accounts are staff of our subsidiaries. They use the printers of their own site.":
        // a next sentence that goes on about them (its first word says so) and gives cues too is the same reason.
        let next = best.upperBound + 1
        if next < t.tokens.count, t.tokens[best.upperBound].folded == ".", continuing.contains(t.tokens[next].folded) {
            let following = t.sentenceTokens(around: next, joining: [";"])
            if perSentence[following] != nil { best = best.lowerBound..<following.upperBound }
        }
        let text = t.text(t.scalarRange(ofSentence: best)).collapsingWhitespace()
        return (Self.bounded(text), text)
    }

    /// The sentence that makes the promise: the first that holds one of its phrases, or else the first
    /// that holds a phrase of every group of one language.
    /// `phraseMatches` are the commitment's phrases' in `t` (`found(in:)`). Its groups are searched only when
    /// no phrase matched, and alone: searched with the other commitments' groups, a sentence's every word
    /// would be tried against all three lists for the one that needs it.
    func commitment(_ c: Commitment, in t: TokenizedText, phraseMatches: [(cue: Cue, tokens: Range<Int>)]) -> String? {
        if let m = phraseMatches.first { return t.sentence(around: m.tokens.lowerBound) }
        let groups = c.sentenceGroups
        // Each sentence that holds a group's match, with the groups (per language, as bits) it holds.
        var held: [(sentence: Range<Int>, groups: [UInt64])] = []
        for (index, tokens) in groups.cues.indexedMatches(in: t) {
            let (language, group) = groups.groupOf[index]
            if held.last.map({ !$0.sentence.contains(tokens.lowerBound) }) ?? true {
                held.append((t.sentenceTokens(around: tokens.lowerBound), [UInt64](repeating: 0, count: groups.groupCounts.count)))
            }
            held[held.count - 1].groups[language] |= 1 << UInt64(group)
        }
        // Matches come in text order, so a sentence's matches are together, and the first to meet wins.
        for (sentence, bits) in held where bits.indices.contains(where: { bits[$0] != 0 && bits[$0] == (1 << UInt64(groups.groupCounts[$0])) - 1 }) {
            return t.text(t.scalarRange(ofSentence: sentence)).collapsingWhitespace()
        }
        return nil
    }

    /// The plan whose cue stands first, not denied; `matches` are each plan's in `t`, in the plans' order
    /// (`found(in:)`).
    func maintenance<Plans: Collection<[(cue: Cue, tokens: Range<Int>)]>>(in t: TokenizedText, matches: Plans) -> (Maintenance, String)? {
        var best: (Maintenance, Int, String)? = nil
        for ((plan, _), planMatches) in zip(maintenance, matches) {
            if let m = planMatches.first(where: { !isDenied(t, before: $0.tokens.lowerBound) }),
               best == nil || m.tokens.lowerBound < best!.1 {
                best = (plan, m.tokens.lowerBound, t.sentence(around: m.tokens.lowerBound))
            }
        }
        return best.map { ($0.0, $0.2) }
    }

    /// A negation among the few words before a phrase, in its clause: "we do not have Premium Upgrade Assurance".
    func isDenied(_ t: TokenizedText, before start: Int) -> Bool {
        var i = start - 1
        var seen = 0
        while i >= 0, seen < Cue.maxGap, t.tokens[i].kind == .word || t.tokens[i].kind == .number {
            if negations.contains(t.tokens[i].folded) { return true }
            i -= 1
            seen += 1
        }
        return false
    }

    /// The product as the pattern file names it ("PaperCut MF"), whatever case the writer used.
    func product(in t: TokenizedText) -> (String, String)? { product(in: t, matches: products.matches(in: t)) }

    /// `product(in:)` from the products' matches in `t`.
    func product(in t: TokenizedText, matches: [(cue: Cue, tokens: Range<Int>)]) -> (String, String)? {
        var best: (Cue, Range<Int>)? = nil
        for (cue, range) in matches where best == nil || range.lowerBound < best!.1.lowerBound
            || (range.lowerBound == best!.1.lowerBound && range.count > best!.1.count) {
            best = (cue, range)
        }
        return best.map { ($0.0.phrase, t.sentence(around: $0.1.lowerBound)) }
    }

    static func bounded(_ s: String) -> String {
        s.count <= 400 ? s : String(s.prefix(397)) + "..."
    }
}
