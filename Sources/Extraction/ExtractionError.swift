/// What can go wrong in extraction: only its configuration, never a message (bad mail yields nulls).
package enum ExtractionError: Error, Sendable, CustomStringConvertible {
    case patternsUnreadable(path: String, reason: String)
    case patternsInvalid(path: String, reason: String)
    case badLinePattern(language: String, pattern: String, reason: String)

    package var description: String {
        switch self {
        case .patternsUnreadable(let path, let reason):
            return "cannot read the extraction patterns at \(path): \(reason)"
        case .patternsInvalid(let path, let reason):
            return "\(path): \(reason) — fix the file (see Rules/README.md for the pattern format)"
        case .badLinePattern(let language, let pattern, let reason):
            return "patterns for \(language): the line pattern \"\(pattern)\" is not a valid regular expression (\(reason))"
        }
    }
}
