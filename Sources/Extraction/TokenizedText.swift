import Foundation

/// Text cut into words, numbers and sentence boundaries, each remembering where it stood, so a match can
/// be shown as evidence in the writer's own words.
struct TokenizedText: Sendable {
    /// `clause` is a comma, a semicolon-free colon or a line of a table: it ends a clause, not a sentence.
    enum Kind: Sendable, Equatable { case word, number, boundary, clause }

    struct Token: Sendable {
        var kind: Kind
        /// Lower-cased, accents removed: what cues are compared with.
        var folded: String
        /// Scalar offsets into `scalars`.
        var range: Range<Int>
        /// For numbers: the value as written, before any multiplier word.
        var value: Int? = nil
        /// False for numbers that cannot be a count: dates, times, money, percentages, versions, phone numbers.
        var countable: Bool = true
        /// For numbers: written right after a capitalised word inside a sentence ("Microsoft 365", "Windows 11"),
        /// so maybe a product's name — unless that word is a count's own label ("Licensed Users 18,000").
        var followsName: Bool = false
        /// A list item's number at a line's start ("1. Accounts…"): neither a count nor a sentence's end.
        var listItem: Bool = false
    }

    let scalars: [Unicode.Scalar]
    private(set) var tokens: [Token] = []
    /// The language the text is written in, once known: cue words match their forms in it only.
    var language: String?
    /// Each distinct folded word once, in the order they first stand, with the bytes cue lists sort words
    /// by read out once: every list is held against every distinct word of the text.
    private(set) var words: [Word] = []
    /// Where in `words` each folded word is; empty for a text of few words (`fewWords`), whose words are
    /// found by comparing them: a signature line or a piece of one is tokenized by the dozen per message,
    /// and hashing its words into a table cost more than the compares.
    private var wordIndex: [String: Int] = [:]
    /// At most this many word tokens: `words` is searched, not hashed.
    static let fewWords = 12
    /// The token indices of each word in turn, ascending (`Word.at` is its run): one array for the text,
    /// not one per distinct word.
    private var wordPositions: [Int] = []

    struct Word: Sendable {
        var text: String
        /// The first two UTF-8 bytes, 0 where the word is shorter.
        var first: UInt8, second: UInt8
        var length: Int
        var isASCII: Bool
        /// The first eight UTF-8 bytes, the first in the lowest byte, zeros past the word's end: a prefix of
        /// up to eight bytes is compared as one integer (`BytePrefix`).
        var head: UInt64
        /// Where its token indices are in `wordPositions`.
        var at: Range<Int> = 0..<0

        init(_ text: String) {
            self.text = text
            var first: UInt8 = 0, second: UInt8 = 0, length = 0, high: UInt8 = 0, head: UInt64 = 0
            for b in text.utf8 {
                if length == 0 { first = b } else if length == 1 { second = b }
                if length < 8 { head |= UInt64(b) << UInt64(8 * length) }
                length += 1
                high |= b
            }
            (self.first, self.second, self.length, isASCII, self.head) = (first, second, length, high < 0x80, head)
        }

        /// Whether the word's bytes start with `prefix`'s.
        @inline(__always) func starts(with prefix: BytePrefix) -> Bool {
            guard length >= prefix.length, head & prefix.mask == prefix.head else { return false }
            return prefix.length <= 8 || text.utf8.dropFirst(8).starts(with: prefix.tail)
        }
    }

    /// A prefix's bytes as `Word.head` packs them, to be compared with a word's in one step.
    struct BytePrefix: Sendable {
        var head: UInt64
        var mask: UInt64
        var length: Int
        /// The bytes after the eighth, for the rare longer prefix.
        var tail: [UInt8]
        var isASCII: Bool

        init(_ prefix: String) {
            let bytes = Array(prefix.utf8)
            length = bytes.count
            head = 0
            for (k, b) in bytes.prefix(8).enumerated() { head |= UInt64(b) << UInt64(8 * k) }
            mask = length >= 8 ? ~0 : (1 << UInt64(8 * length)) - 1
            tail = Array(bytes.dropFirst(8))
            isASCII = bytes.allSatisfy { $0 < 0x80 }
        }
    }

    /// Where each folded word stands, so a cue looks only where its first word is.
    func positions(of word: String) -> ArraySlice<Int> {
        guard let k = wordNumber(of: word) else { return [] }
        return wordPositions[words[k].at]
    }

    func positions(of word: Word) -> ArraySlice<Int> {
        wordPositions[word.at]
    }

    func holds(_ word: String) -> Bool {
        wordNumber(of: word) != nil
    }

    /// The word's number in `words`, nil when the text does not hold it.
    func wordNumber(of word: String) -> Int? {
        wordIndex.isEmpty ? words.firstIndex { $0.text == word } : wordIndex[word]
    }

    init(_ text: String) {
        if let ascii = text.utf8.withContiguousStorageIfAvailable(Self.asciiScalars), let ascii {
            scalars = ascii
        } else {
            scalars = Array(text.unicodeScalars)
        }
        tokenize()
        indexWords()
    }

    /// An ASCII text's scalars are its bytes, widened in one pass (the scalar view counts them first,
    /// then decodes); nil for other text.
    private static func asciiScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar]? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return bytes.map { Unicode.Scalar($0) }
    }

    /// Fills `words`, `wordIndex` and `wordPositions`: each word token looked up once, then its index
    /// put in its word's run.
    private mutating func indexWords() {
        var counts: [Int] = []
        var ids = [Int](repeating: -1, count: tokens.count)
        var wordTokens = 0
        for i in tokens.indices where tokens[i].kind == .word { wordTokens += 1 }
        let hashed = wordTokens > Self.fewWords
        // Sized for every word being new, so the table is never grown and rehashed on the way.
        if hashed { wordIndex.reserveCapacity(wordTokens) }
        for i in tokens.indices where tokens[i].kind == .word {
            let word = tokens[i].folded
            let id = hashed ? Self.slot(&wordIndex[word, default: -1], next: counts.count)
                : words.firstIndex { $0.text == word } ?? counts.count
            if id == counts.count {
                counts.append(0)
                words.append(Word(word))
            }
            counts[id] += 1
            ids[i] = id
        }
        var start = 0
        for k in words.indices {
            words[k].at = start..<(start + counts[k])
            start += counts[k]
        }
        var fill = words.map(\.at.lowerBound)
        wordPositions = [Int](repeating: 0, count: start)
        for (i, id) in ids.enumerated() where id >= 0 {
            wordPositions[fill[id]] = i
            fill[id] += 1
        }
    }

    /// The dictionary slot's value, set to `next` if it was new: one lookup whether the word is new or not.
    private static func slot(_ value: inout Int, next: Int) -> Int {
        if value < 0 { value = next }
        return value
    }

    func text(_ range: Range<Int>) -> String {
        let range = range.clamped(to: 0..<scalars.count)
        // ASCII scalars are written straight in as bytes: appending scalars one by one costs far more,
        // and an organization's evidence is its whole sentence.
        if scalars[range].allSatisfy({ $0.isASCII }) {
            return String(unsafeUninitializedCapacity: range.count) { buffer in
                for (n, k) in range.enumerated() { buffer[n] = UInt8(truncatingIfNeeded: scalars[k].value) }
                return range.count
            }
        }
        return Self.string(scalars[range])
    }

    /// `scalars` as a String, their UTF-8 written straight into its storage: appending them to a scalar
    /// view one by one costs several times more.
    static func string<Scalars: Collection<Unicode.Scalar>>(_ scalars: Scalars) -> String {
        let count = scalars.reduce(0) { $0 + UTF8.width($1) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var n = 0
            for s in scalars { writeUTF8(s, into: buffer, at: &n) }
            return n
        }
    }

    @inline(__always) static func writeUTF8(_ s: Unicode.Scalar, into buffer: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        let v = s.value
        if v < 0x80 {
            buffer[n] = UInt8(truncatingIfNeeded: v)
            n += 1
        } else if v < 0x800 {
            buffer[n] = 0xC0 | UInt8(truncatingIfNeeded: v >> 6)
            buffer[n + 1] = 0x80 | UInt8(truncatingIfNeeded: v & 0x3F)
            n += 2
        } else if v < 0x10000 {
            buffer[n] = 0xE0 | UInt8(truncatingIfNeeded: v >> 12)
            buffer[n + 1] = 0x80 | UInt8(truncatingIfNeeded: (v >> 6) & 0x3F)
            buffer[n + 2] = 0x80 | UInt8(truncatingIfNeeded: v & 0x3F)
            n += 3
        } else {
            buffer[n] = 0xF0 | UInt8(truncatingIfNeeded: v >> 18)
            buffer[n + 1] = 0x80 | UInt8(truncatingIfNeeded: (v >> 12) & 0x3F)
            buffer[n + 2] = 0x80 | UInt8(truncatingIfNeeded: (v >> 6) & 0x3F)
            buffer[n + 3] = 0x80 | UInt8(truncatingIfNeeded: v & 0x3F)
            n += 4
        }
    }

    /// The sentence around token `index`, trimmed, as the writer wrote it.
    func sentence(around index: Int) -> String {
        text(sentenceRange(around: index)).collapsingWhitespace()
    }

    /// The sentence around token `index`; `joining` names boundary marks (";") that do not end it here.
    func sentenceRange(around index: Int, joining: Set<String> = []) -> Range<Int> {
        scalarRange(ofSentence: sentenceTokens(around: index, joining: joining))
    }

    /// The tokens of the sentence around token `index`.
    func sentenceTokens(around index: Int, joining: Set<String> = []) -> Range<Int> {
        func ends(_ i: Int) -> Bool { tokens[i].kind == .boundary && !joining.contains(tokens[i].folded) }
        var lo = index
        while lo > 0, !ends(lo - 1) { lo -= 1 }
        var hi = index
        while hi + 1 < tokens.count, !ends(hi + 1) { hi += 1 }
        return lo..<(hi + 1)
    }

    /// Where a sentence's tokens stand in the text, with its own full stop.
    func scalarRange(ofSentence sentence: Range<Int>) -> Range<Int> {
        let lo = sentence.lowerBound, hi = sentence.upperBound - 1
        guard lo <= hi, lo < tokens.count else { return 0..<0 }
        var end = tokens[hi].range.upperBound
        // Keep the sentence's own full stop.
        if hi + 1 < tokens.count, tokens[hi + 1].kind == .boundary, tokens[hi + 1].folded != "\n" {
            end = tokens[hi + 1].range.upperBound
        }
        return tokens[lo].range.lowerBound..<end
    }

    static func fold(_ word: String) -> String {
        // Most words are plain ASCII: lower-casing is all their folding.
        if word.isASCII { return word.lowercased() }
        // Most others are of accented Latin letters, folded by table.
        if let latin = LatinFolding.fold(word.unicodeScalars, utf8Count: word.utf8.count) { return latin }
        return foundationFold(word)
    }

    /// `fold` by Foundation, for any text.
    static func foundationFold(_ word: String) -> String {
        // "Grüßen" folds to "grussen", as a writer without the keys would type it; "don’t" to "don't".
        let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        // Foundation's replacing costs a round trip through NSString even with nothing to replace; neither
        // character has another spelling it could be found as.
        // Turkish "ı" (dotless) folds to "i" as its capital "I" does: "Başkanı" is "baskani" as typed without
        // the keys, and the patterns spell it so.
        guard folded.unicodeScalars.contains(where: { $0 == "ß" || $0 == "’" || $0 == "ı" }) else { return folded }
        return folded.replacingOccurrences(of: "ß", with: "ss").replacingOccurrences(of: "’", with: "'")
            .replacingOccurrences(of: "ı", with: "i")
    }

    // MARK: - Tokenizing

    static func isLetter(_ s: Unicode.Scalar) -> Bool {
        // Most text is ASCII: no trip to the Unicode tables for it.
        if s.value < 0x80 { return (s.value | 0x20) >= 0x61 && (s.value | 0x20) <= 0x7A }
        return s.properties.isAlphabetic
    }

    /// The folded form of the word at `range`: ASCII words are lower-cased byte by byte (short ones
    /// fit in the string itself, no allocation); others go through `fold`.
    func foldedWord(_ range: Range<Int>) -> String {
        var ascii = true
        for k in range where scalars[k].value >= 0x80 { ascii = false; break }
        guard ascii else {
            return LatinFolding.fold(scalars[range], utf8Count: range.reduce(0) { $0 + UTF8.width(scalars[$1]) })
                ?? Self.fold(text(range))
        }
        return String(unsafeUninitializedCapacity: range.count) { buffer in
            for (n, k) in range.enumerated() {
                let v = UInt8(truncatingIfNeeded: scalars[k].value)
                buffer[n] = ASCIIFolding.lower(v)
            }
            return range.count
        }
    }
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }
    /// Characters people put between groups of three digits: "25,000", "25.000", "25 000", "25 000".
    static func isGroupSeparator(_ s: Unicode.Scalar) -> Bool {
        s == "," || s == "." || s == " " || s == "\u{00A0}" || s == "\u{202F}" || s == "\u{2009}" || s == "'"
    }

    private mutating func tokenize() {
        var i = 0
        let n = scalars.count
        // About one token in five characters of prose: grown once or not at all, rather than doubled from one.
        tokens.reserveCapacity(n / 4 + 4)
        var newlineRun = 0
        // How many "(" are open on this line: an aside's commas end no clause.
        var asideDepth = 0
        while i < n {
            let s = scalars[i]
            if s == "\n" {
                asideDepth = 0
                newlineRun += 1
                // A blank line ends a sentence; a single newline is only a wrapped line.
                if newlineRun == 2 { appendBoundary(i..<(i + 1), "\n") }
                // …but a new list item, a "Label: 25,000" line, or a new label after a line that ends in its
                // number ("Domain Accounts 25,000" / "Licensed Users 18,000") starts a new clause.
                else if let last = tokens.last, last.kind != .boundary, last.kind != .clause,
                        Self.startsListItem(scalars, at: i + 1) || (last.kind == .number && Self.startsCapitalised(scalars, at: i + 1)) {
                    tokens.append(Token(kind: .clause, folded: "\n", range: i..<(i + 1)))
                }
                i += 1
                continue
            }
            if s == "\r" { i += 1; continue }
            if s == " " || s == "\t" { i += 1; continue }
            newlineRun = 0
            if Self.isDigit(s) {
                i = readNumber(at: i)
            } else if Self.isLetter(s) {
                var j = i + 1
                while j < n, Self.isLetter(scalars[j]) || Self.isDigit(scalars[j])
                    || ((scalars[j] == "'" || scalars[j] == "’" || scalars[j] == "-") && j + 1 < n && Self.isLetter(scalars[j + 1])) {
                    j += 1
                }
                tokens.append(Token(kind: .word, folded: foldedWord(i..<j), range: i..<j))
                i = j
            } else if s == "(" || s == ")" {
                // A comma inside an aside ends no clause: "Accounts in AD (staff, students, alumni) 4,750".
                asideDepth = s == "(" ? min(asideDepth + 1, 8) : max(asideDepth - 1, 0)
                i += 1
            } else if asideDepth == 0, s == "," || s == "|" || (s == ":" && !Self.onlyNumberFollows(scalars, after: i)) {
                tokens.append(Token(kind: .clause, folded: String(s), range: i..<(i + 1)))
                i += 1
            } else if s == ".", i + 2 < n, scalars[i + 1] == ".", scalars[i + 2] == "." {
                // A leader ("Cuentas en el dominio ........ 415") or an ellipsis: a run of stops ends nothing.
                while i < n, scalars[i] == "." { i += 1 }
            } else if s == "." || s == "!" || s == "?" || s == ";" || s == "•" || s == "·" {
                // "e.g." and initials are not sentence ends: a full stop ends a sentence before a space. Nor does
                // a list item's number ("1. Accounts in our domain: 950").
                if s != "." || i + 1 >= n || scalars[i + 1] == " " || scalars[i + 1] == "\n" || scalars[i + 1] == "\r",
                   !(s == "." && isAbbreviation(before: i)),
                   !(s == "." && tokens.last.map { $0.listItem && $0.range.upperBound == i } ?? false) {
                    appendBoundary(i..<(i + 1), String(s))
                }
                i += 1
            } else {
                i += 1
            }
        }
    }


    private mutating func appendBoundary(_ range: Range<Int>, _ mark: String) {
        if let last = tokens.last, last.kind == .boundary { return }
        tokens.append(Token(kind: .boundary, folded: mark, range: range))
    }

    /// number = 1*3DIGIT *(separator 3DIGIT) / 1*DIGIT ; with an optional decimal part before a multiplier.
    private mutating func readNumber(at start: Int) -> Int {
        let n = scalars.count
        var j = start
        var digits = ""
        while j < n, Self.isDigit(scalars[j]) { digits.unicodeScalars.append(scalars[j]); j += 1 }
        let firstGroupLength = digits.count
        var grouped = false
        var separator: Unicode.Scalar? = nil
        // Indian grouping, "1,12,500": pairs of digits, then the last three.
        if firstGroupLength <= 2, let end = Self.indianGroupsEnd(scalars, from: j) {
            for d in scalars[j..<end] where Self.isDigit(d) { digits.unicodeScalars.append(d) }
            grouped = true
            j = end
        }
        // Groups of exactly three digits after one kind of separator.
        while !grouped || separator != nil, firstGroupLength <= 3, j < n, Self.isGroupSeparator(scalars[j]) {
            if let sep = separator, sep != scalars[j] { break }
            var k = j + 1
            while k < n, k - j <= 4, Self.isDigit(scalars[k]) { k += 1 }
            guard k - j - 1 == 3, k >= n || !Self.isDigit(scalars[k]) else { break }
            separator = scalars[j]
            for d in scalars[(j + 1)..<k] { digits.unicodeScalars.append(d) }
            grouped = true
            j = k
        }
        var decimal: Double = 0
        var decimalEnd = j
        // "2.5k", "2,5 mil": a short decimal part, kept only if a multiplier follows.
        if !grouped, j + 1 < n, scalars[j] == "." || scalars[j] == ",", Self.isDigit(scalars[j + 1]) {
            var k = j + 1
            var frac = ""
            while k < n, Self.isDigit(scalars[k]) { frac.unicodeScalars.append(scalars[k]); k += 1 }
            if frac.count <= 2, let f = Double("0." + frac) { decimal = f; decimalEnd = k }
        }
        var token = Token(kind: .number, folded: digits, range: start..<j, value: Int(digits.prefix(12)))
        token.listItem = isListNumber(start: start, end: j)
        token.countable = isCountable(start: start, end: j) && !token.listItem
        token.followsName = followsNameWord(start)
        // "+44 29 2000 1000", "555 0147": numbers in a row, with only spaces between, are a phone number.
        if let last = tokens.last, last.kind == .number, last.range.upperBound < start,
           scalars[last.range.upperBound..<start].allSatisfy({ $0 == " " || $0 == "\u{00A0}" || $0 == "-" }) {
            token.countable = false
            tokens[tokens.count - 1].countable = false
        }
        if decimalEnd > j {
            // Remember the fraction in `folded` so the multiplier step can use it.
            token.folded = digits + "." + String(String(decimal).dropFirst(2))
            token.range = start..<decimalEnd
            token.countable = false  // only a multiplier makes it a count
        }
        tokens.append(token)
        return token.range.upperBound
    }
}

/// Extraction's folding (lower case, no accents) for other modules comparing words as extraction does.
package enum TextFolding {
    package static func fold(_ text: String) -> String { TokenizedText.fold(text) }
}
