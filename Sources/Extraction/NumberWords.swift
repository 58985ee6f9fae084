/// Counts written in words: "twenty-five thousand", "veinte mil", "vinte e cinco mil", "one hundred and
/// fifty". The words come from the pattern files (`numberWords`), each language's own.
///
/// number = value *( [connector] (value / scale) ) ; a scale multiplies what stands before it
struct NumberWords: Sendable {
    /// Words that add their value ("twenty", "five", "doscientos", "cien").
    private var values: [String: Int] = [:]
    /// Words that multiply what stands before them ("hundred", "thousand", "mil", "million").
    private var scales: [String: Int] = [:]
    /// Words that join the parts of one number ("and", "y", "e").
    private var connectors: Set<String> = []
    /// The words that alone can make a count of 100 or more: a text with none of them holds no
    /// number in words worth reading, and is not walked. Their shapes rule out most words unhashed.
    private(set) var large: Set<String> = []
    private(set) var largeShapes = WordShapes([String]())

    /// A number in words is read as a count only from this value up: "one of our sites" is not a count.
    static let smallest = 100

    init(_ languages: [ExtractionPatterns.Language]) {
        for language in languages {
            for (word, value) in language.numberWords.values { values[TokenizedText.fold(word)] = value }
            for (word, value) in language.numberWords.scales { scales[TokenizedText.fold(word)] = value }
            for word in language.numberWords.connectors { connectors.insert(TokenizedText.fold(word)) }
        }
        large = Set(scales.keys).union(values.filter { $0.value >= Self.smallest }.map(\.key))
        largeShapes = WordShapes(large)
    }

    func isLarge(_ folded: String) -> Bool { large.contains(folded) }

    var isEmpty: Bool { values.isEmpty && scales.isEmpty }

    /// Whether a folded word is a number word (a part of "twenty-five" counts).
    func isNumberWord(_ folded: String) -> Bool {
        parts(of: folded).allSatisfy { values[$0] != nil || scales[$0] != nil }
    }

    /// The number written in words from token `start`, and the index after it; nil when no number
    /// word stands there, or the number is below `smallest`.
    func read(_ text: TokenizedText, at start: Int) -> (value: Int, next: Int)? {
        var total = 0, current = 0
        var i = start
        var end = start
        var any = false
        // Bounded: a hostile run of number words is read no further than a real number goes.
        while i < text.tokens.count, i - start < 16, text.tokens[i].kind == .word {
            let word = text.tokens[i].folded
            if any, connectors.contains(word) { i += 1; continue }
            let pieces = parts(of: word)
            guard pieces.allSatisfy({ values[$0] != nil || scales[$0] != nil }) else { break }
            for piece in pieces {
                if let v = values[piece] {
                    current += v
                } else if let s = scales[piece] {
                    // A scale from the pattern files may be any size: past the bound is no number.
                    let (scaled, overflow) = max(current, 1).multipliedReportingOverflow(by: s)
                    guard !overflow, scaled <= 1_000_000_000 else { return nil }
                    if s < 1000 {
                        current = scaled
                    } else {
                        total += scaled
                        current = 0
                    }
                }
                // After each part, not each word: one word can be "hundred-hundred-…", and a dozen
                // of those multiply past Int.max.
                if total + current > 1_000_000_000 { return nil }
            }
            any = true
            i += 1
            end = i
        }
        guard any else { return nil }
        let value = total + current
        return value >= Self.smallest ? (value, end) : nil
    }

    /// "twenty-five" is one token: its hyphenated parts.
    private func parts(of folded: String) -> [String] {
        folded.utf8.contains(UInt8(ascii: "-")) ? folded.split(separator: "-").map(String.init) : [folded]
    }
}
