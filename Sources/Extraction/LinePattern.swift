/// A regular expression over one line of text, from a pattern file.
struct LinePattern: @unchecked Sendable {
    // Regex is immutable once built; it is only read.
    let source: String
    private let regex: Regex<AnyRegexOutput>

    init(_ source: String, language: String) throws(ExtractionError) {
        self.source = source
        do {
            regex = try Regex(source).ignoresCase()
        } catch {
            throw .badLinePattern(language: language, pattern: source, reason: String(describing: error))
        }
    }

    func matches(_ line: Substring) -> Bool {
        (try? regex.firstMatch(in: line)) != nil
    }
}

/// All line patterns of one kind, from every language.
struct LinePatterns: Sendable {
    let patterns: [LinePattern]
    func matches(_ line: Substring) -> Bool { patterns.contains { $0.matches(line) } }
}
