/// Finds the three counts. Which number is which comes from the words around it, not from the order in
/// which numbers appear: every number is scored against each count's cues, then the best one-to-one
/// assignment wins.
final class CountReader: Sendable {
    enum Field: Int, CaseIterable, Sendable {
        case domainAccounts, licensedUsers, requestedUsers
        var name: String {
            switch self {
            case .domainAccounts: return "domainAccounts"
            case .licensedUsers: return "licensedUsers"
            case .requestedUsers: return "requestedUsers"
            }
        }
    }

    struct Found: Sendable {
        var value: Int
        var evidence: String
    }

    let multipliers: [String: Int]
    let numberWords: NumberWords
    let yearMarkers: Set<String>
    let months: Set<String>
    let days: Set<String>
    let changeFrom: Set<String>, changeTo: Set<String>
    /// The products the pattern files name ("PaperCut MF"): a number after one is no model number when a count's
    /// noun follows it ("we purchased PaperCut MF 1,000 users license").
    let products: CueList
    /// The lists a text is searched for, together: each field's cues (by `Field.allCases`), then the count
    /// nouns, the limit words, and the verbs that ask for a count and those that hold one.
    private let searched: CueLists
    /// Where the lists after the fields' stand in `searched`.
    private static let nouns = Field.allCases.count, limitWords = nouns + 1, askingVerbs = nouns + 2, holdingVerbs = nouns + 3

    init(_ patterns: ExtractionPatterns) {
        var multipliers: [String: Int] = [:]
        for language in patterns.languages {
            for (word, factor) in language.multipliers { multipliers[TokenizedText.fold(word)] = factor }
        }
        let fieldCues = Field.allCases.map { field in
            switch field {
            case .domainAccounts: patterns.cues(\.counts.domainAccounts, stemmed: true)
            case .licensedUsers: patterns.cues(\.counts.licensedUsers, stemmed: true)
            case .requestedUsers: patterns.cues(\.counts.requestedUsers, stemmed: true)
            }
        }
        searched = CueLists(fieldCues + [
            patterns.cues(\.countNouns, stemmed: true), patterns.cues(\.counts.limitWords, stemmed: false),
            patterns.cues(\.counts.askingVerbs, stemmed: true), patterns.cues(\.counts.holdingVerbs, stemmed: true),
        ])
        products = CueList(patterns.languages.flatMap(\.products))
        self.multipliers = multipliers
        numberWords = NumberWords(patterns.languages)
        yearMarkers = Set(patterns.languages.flatMap(\.yearMarkers).map(TokenizedText.fold))
        months = Set(patterns.languages.flatMap(\.months).map(TokenizedText.fold))
        days = Set(patterns.languages.flatMap(\.days).map(TokenizedText.fold))
        changeFrom = Set(patterns.languages.flatMap(\.countChange.from).map(TokenizedText.fold))
        changeTo = Set(patterns.languages.flatMap(\.countChange.to).map(TokenizedText.fold))
    }

    private struct Candidate {
        var token: Int
        var value: Int
        var scores: [Double]
    }

    static let window = (before: 10, after: 8)
    /// What is left of a licence's score after an asking verb, or of a request's after a holding one.
    static let otherSideWeight = 0.3
    static let threshold = 0.12

    func read(_ text: TokenizedText) -> [Field: Found] {
        // Only a number can be a count: a text without one (most signatures, many bodies) needs no cue search.
        let inWords = !numberWords.isEmpty && text.words.contains { numberWords.largeShapes.mayContain($0) && numberWords.isLarge($0.text) }
        guard inWords || text.tokens.contains(where: { $0.kind == .number }) else { return [:] }
        // A cue counts only in its number's clause: the cue lists are searched in the sentences that hold a
        // number alone, when those are a small part of a long text.
        if let numbered = numberedSentences(text, inWords: inWords) { return read(numbered, inWords: inWords) }
        return read(text, inWords: inWords)
    }

    /// The sentences of `text` that hold a number (or a number word), as a text of their own; nil when
    /// they are most of it.
    private func numberedSentences(_ text: TokenizedText, inWords: Bool) -> TokenizedText? {
        guard text.tokens.count > 60 else { return nil }
        var ranges: [Range<Int>] = []
        var covered = 0
        for (i, token) in text.tokens.enumerated() where token.kind == .number || (inWords && token.kind == .word && numberWords.isNumberWord(token.folded)) {
            if let last = ranges.last, last.contains(i) { continue }
            let s = text.sentenceTokens(around: i)
            ranges.append(s)
            covered += s.count
        }
        guard covered * 2 < text.tokens.count else { return nil }
        var joined = String()
        for s in ranges {
            let r = text.tokens[s.lowerBound].range.lowerBound..<text.tokens[s.upperBound - 1].range.upperBound
            joined += text.text(r)
            joined += ".\n\n"
        }
        var sub = TokenizedText(joined)
        sub.language = text.language
        return sub
    }

    private func read(_ text: TokenizedText, inWords: Bool) -> [Field: Found] {
        // A cue whose "..." spans a number is that number's, not the next one's: "PaperCut MF de 900 para 1.150"
        // is no "papercut ... para" before 1.150.
        let found = searched.matches(in: text)
        let (nounsFound, limitsFound, askingFound, holdingFound) = (found[Self.nouns], found[Self.limitWords],
                                                                     found[Self.askingVerbs], found[Self.holdingVerbs])
        let cueMatches = Field.allCases.indices.map {
            found[$0].map(\.tokens).filter { m in !m.contains { text.tokens[$0].kind == .number } }
        }
        let nounMatches = nounsFound.map(\.tokens)
        let nounStarts = Set(nounMatches.map(\.lowerBound))
        // Where a limit word ends: a number up to three words after it is a limit, not the domain's count. Sorted,
        // like the verbs below, so that each number looks only at those near it: a long body has thousands of both.
        let limitEnds = limitsFound.map(\.tokens.upperBound).sorted()
        // Each asking or holding verb's words, with which it is, by where they start.
        let verbs = (askingFound.map { (tokens: $0.tokens, asks: true) } + holdingFound.map { (tokens: $0.tokens, asks: false) })
            .sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        var candidates: [Candidate] = []
        let labelEnds = Set(cueMatches.flatMap { $0.map(\.upperBound) }).union(nounMatches.map(\.upperBound))
        // Digits that restate the number in words before them ("four thousand two hundred (4,200)"): one count.
        var restated: Set<Int> = []
        // Where a product's name ends, looked for only when a number follows a capitalised word.
        let productEnds = text.tokens.contains { $0.followsName } ? Set(products.matches(in: text).map(\.tokens.upperBound)) : []
        var lastNumber = -1
        for (index, token) in text.tokens.enumerated() where token.kind == .number || (inWords && token.kind == .word) {
            let previousNumber = lastNumber
            if token.kind == .number { lastNumber = index }
            if restated.contains(index) { continue }
            var value: Int, next: Int
            if token.kind == .word {
                // A number in words is read from its first word only; after digits it is their multiplier ("25 mil").
                guard index == 0 || (text.tokens[index - 1].kind != .number && !numberWords.isNumberWord(text.tokens[index - 1].folded)),
                      let (v, n) = numberWords.read(text, at: index) else { continue }
                (value, next) = (v, n)
                if next < text.tokens.count, text.tokens[next].kind == .number, text.tokens[next].value == value {
                    restated.insert(next)
                    next += 1
                }
            } else {
                // "Microsoft 365" is a product; "Licensed Users 18,000" is a label and its count.
                if token.followsName, !labelEnds.contains(index), !(productEnds.contains(index) && nounStarts.contains(index + 1)) { continue }
                guard let (v, n) = countValue(text, index), v > 0 else { continue }
                (value, next) = (v, n)
                // "just over 11,000 accounts (11,240 at the last count)", "aprox. 2.3k cuentas (2,310 exactas)": an
                // approximate count restated exactly in parentheses is the exact one.
                if index > 0, text.tokens[index - 1].kind == .word, TokenizedText.approximations.contains(text.tokens[index - 1].folded),
                   let exact = exactRestatement(text, after: next, of: value) {
                    value = exact.value
                    restated.insert(exact.token)
                }
            }
            // Cues after a number in words are counted from its last word.
            let last = token.kind == .word ? next - 1 : index
            let countNounFollows = nounStarts.contains(next) || (next < text.tokens.count && nounStarts.contains(next + 1))
            // "our original license in 2023": a year, not a count.
            if !countNounFollows, isYear(text, index, value) || isDay(text, index, value) { continue }
            // "1.º ciclo", "2ª série": an ordinal names a grade or a year of school, never a count.
            if token.kind == .number, Self.isOrdinal(text, index) { continue }
            var scores = [Double](repeating: 0, count: Field.allCases.count)
            for field in Field.allCases {
                let matches = cueMatches[field.rawValue]
                // Only cues within the window can count: start at the first that may reach it (matches are sorted).
                var k = Self.firstIndex(in: matches, atOrAfter: index - Self.window.before - Self.longestCue, by: \.lowerBound)
                while k < matches.count, matches[k].lowerBound <= last + 1 + Self.window.after {
                    let m = matches[k]
                    k += 1
                    let before = m.upperBound <= index
                    guard before || m.lowerBound > last,
                          let d = distance(text, from: before ? index : last, to: m, labelled: token.kind == .word) else { continue }
                    guard d <= (before ? Self.window.before : Self.window.after) else { continue }
                    scores[field.rawValue] += (before ? 1.0 : 0.8) / Double(1 + d)
                }
                if !countNounFollows { scores[field.rawValue] *= 0.6 }
            }
            // A limit is the count asked for, or the licence's: never the domain's. "abaixo das 2 200 licenças" is
            // the limit kept to, not the licence in force, whatever the noun after it.
            let limit = Self.firstIndex(in: limitEnds, atOrAfter: index - 3) { $0 }
            if limit < limitEnds.count, limitEnds[limit] <= index {
                scores[Field.domainAccounts.rawValue] = 0
                scores[Field.licensedUsers.rawValue] *= Self.otherSideWeight
            }
            // The asking or holding verbs before the number, in its clause and after the number before it, say
            // whose it is; asking wins ("we would like to have a licence for 1,500").
            let said = verbs[Self.firstIndex(in: verbs, atOrAfter: previousNumber + 1) { $0.tokens.lowerBound }...].prefix { $0.tokens.lowerBound < index }.filter {
                $0.tokens.upperBound <= index && distance(text, from: index, to: $0.tokens).map { $0 <= Self.window.before } == true
            }
            if !said.isEmpty {
                let asks = said.contains(where: \.asks)
                let other: Field = asks ? .licensedUsers : .requestedUsers
                // "buscamos una licencia de 1.300", "requerimos una licencia de 1.000": a licence's words after a
                // verb that asks name the licence asked for, where no cue of a request stands.
                if asks {
                    let own = Field.requestedUsers.rawValue
                    scores[own] = max(scores[own], scores[other.rawValue] * (1 - Self.otherSideWeight))
                }
                scores[other.rawValue] *= Self.otherSideWeight
            }
            if scores.contains(where: { $0 >= Self.threshold }) {
                candidates.append(Candidate(token: index, value: value, scores: scores))
            }
        }
        weighChanges(&candidates, text)
        return assign(candidates, text)
    }

    /// The number in parentheses after a count and its noun that is the same count, more exactly (within 15 %).
    private func exactRestatement(_ text: TokenizedText, after next: Int, of value: Int) -> (token: Int, value: Int)? {
        var j = next
        while j < text.tokens.count, j - next < 2, text.tokens[j].kind == .word { j += 1 }
        guard j < text.tokens.count, j > 0, text.tokens[j].kind == .number,
              text.scalars[text.tokens[j - 1].range.upperBound..<text.tokens[j].range.lowerBound].contains("("),
              // Not `countValue`: a number opening an aside is no count of its own ("(4,763 at the last audit").
              let exact = text.tokens[j].value, abs(exact - value) * 100 <= value * 15 else { return nil }
        return (j, exact)
    }

    /// What a change of licence says outright: in "from 1,400 to 1,750" the first is the licence in force and
    /// the second the count asked for, whatever cues stand around them.
    private func weighChanges(_ candidates: inout [Candidate], _ text: TokenizedText) {
        guard !changeFrom.isEmpty, candidates.count >= 2 else { return }
        let at = Dictionary(candidates.indices.map { (candidates[$0].token, $0) }, uniquingKeysWith: { a, _ in a })
        for (k, first) in candidates.enumerated() where first.token > 0 {
            let before = text.tokens[first.token - 1]
            guard before.kind == .word, changeFrom.contains(before.folded) else { continue }
            // The count's own words may stand between ("from 600 users to 750").
            var j = first.token + 1
            while j < text.tokens.count, j <= first.token + 3, text.tokens[j].kind == .word, !changeTo.contains(text.tokens[j].folded) { j += 1 }
            guard j + 1 < text.tokens.count, text.tokens[j].kind == .word, changeTo.contains(text.tokens[j].folded),
                  let second = at[j + 1], candidates[second].value > first.value else { continue }
            candidates[k].scores[Field.licensedUsers.rawValue] += 1
            candidates[second].scores[Field.requestedUsers.rawValue] += 1
        }
    }

    static let longestCue = 12

    /// A four-digit number from 1950 to 2099, written without grouping, after a word that dates it.
    private func isYear(_ text: TokenizedText, _ index: Int, _ value: Int) -> Bool {
        let token = text.tokens[index]
        guard token.kind == .number, (1950...2099).contains(value), token.range.count == 4, index > 0 else { return false }
        let before = text.tokens[index - 1]
        return before.kind == .word && yearMarkers.contains(before.folded)
    }

    /// A day of the month beside its month's name ("on 20 January", "January 20", "el 20 de enero"), or after the
    /// word for a day ("no dia 2").
    /// Whether digits are an ordinal: the mark "º" or "ª" right after them, or after their full stop ("1.º").
    static func isOrdinal(_ text: TokenizedText, _ index: Int) -> Bool {
        var i = text.tokens[index].range.upperBound
        if i < text.scalars.count, text.scalars[i] == "." { i += 1 }
        return i < text.scalars.count && (text.scalars[i] == "º" || text.scalars[i] == "ª")
    }

    private func isDay(_ text: TokenizedText, _ index: Int, _ value: Int) -> Bool {
        guard !months.isEmpty || !days.isEmpty, (1...31).contains(value), text.tokens[index].kind == .number else { return false }
        // "no dia 2", "el día 9": the word for a day before its number.
        if index > 0, text.tokens[index - 1].kind == .word, days.contains(text.tokens[index - 1].folded) { return true }
        func month(_ i: Int) -> Bool { i >= 0 && i < text.tokens.count && text.tokens[i].kind == .word && months.contains(text.tokens[i].folded) }
        // "20 de enero", "20 of January": one short word may stand between.
        let next = index + 1
        if month(next) || (next < text.tokens.count && text.tokens[next].folded.count <= 2 && month(next + 1)) { return true }
        return month(index - 1)
    }

    /// Binary search in `sorted`, ordered by `key`: the index of the first element whose key is at or after
    /// `position` (the count when none is).
    static func firstIndex<T>(in sorted: [T], atOrAfter position: Int, by key: (T) -> Int) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(sorted[mid]) < position { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The count a number token stands for, with its multiplier applied, and the index after it.
    private func countValue(_ text: TokenizedText, _ index: Int) -> (Int, Int)? {
        let token = text.tokens[index]
        var next = index + 1
        var factor = 1
        if next < text.tokens.count, text.tokens[next].kind == .word, let f = multipliers[text.tokens[next].folded] {
            // "25k" is glued; "25 mil" is not — either way the word must follow at once.
            factor = f
            next += 1
        }
        if factor == 1 {
            guard token.countable, let v = token.value else { return nil }
            return (v, next)
        }
        // A number too large for a count ("99999999999999999999999k") is no count, not a trap; nor is a
        // registration number that ends in a letter ("UEN 201534872K"): "25k", "2.5k", "1500k" have few digits.
        guard let d = Double(token.folded), token.folded.prefix(while: { $0 != "." }).count <= 4,
              let v = Int(exactly: (d * Double(factor)).rounded()) else { return nil }
        return (v, next)
    }

    /// Words between a number and a cue match, or nil when a sentence or clause boundary separates them:
    /// in "600 accounts in our domain, 400 licensed users" the comma keeps "licensed" away from 600.
    /// `labelled`: a count in words may follow its label's colon ("Licença actual: trezentos utilizadores"); digits
    /// after a short label's colon make no clause of it to begin with.
    private func distance(_ text: TokenizedText, from index: Int, to match: Range<Int>, labelled: Bool = false) -> Int? {
        let range = match.upperBound <= index ? match.upperBound..<index : (index + 1)..<match.lowerBound
        guard range.lowerBound <= range.upperBound, range.count <= max(Self.window.before, Self.window.after) else { return nil }
        for i in range where text.tokens[i].kind == .boundary || text.tokens[i].kind == .clause {
            if labelled, i == index - 1, text.tokens[i].folded == ":" { continue }
            return nil
        }
        return range.count
    }

    private func assign(_ candidates: [Candidate], _ text: TokenizedText) -> [Field: Found] {
        // Keep the strongest few: the search below is cubic in their number.
        let pool = candidates.sorted { $0.scores.max()! > $1.scores.max()! }.prefix(14)
        let list = Array(pool)
        var best: (score: Double, picks: [Int?]) = (0, [nil, nil, nil])
        let options: [Int?] = [nil] + Array(list.indices)
        for a in options {
            for b in options where b == nil || b != a {
                for c in options where c == nil || (c != a && c != b) {
                    let picks = [a, b, c]
                    var total = 0.0
                    var valid = true
                    for (f, pick) in picks.enumerated() {
                        guard let p = pick else { continue }
                        let s = list[p].scores[f]
                        if s < Self.threshold { valid = false; break }
                        total += s
                    }
                    if valid, total > best.score { best = (total, picks) }
                }
            }
        }
        var result: [Field: Found] = [:]
        for field in Field.allCases {
            guard let p = best.picks[field.rawValue] else { continue }
            result[field] = Found(value: list[p].value, evidence: text.sentence(around: list[p].token))
        }
        return result
    }
}
