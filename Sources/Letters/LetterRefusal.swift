/// Why a letter gave no text. Each says what happened in words a person can act on; the rules file it
/// as `letter-unreadable` (a converter tried) or leave the letter for a person (`letter-needs-reading`).
package enum LetterRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system package that reads this kind of file is not installed.
    case converterMissing(tool: String)
    /// The converter crashed or said it could not read the file.
    case converterFailed(tool: String, reason: String)
    /// The converter met one of its limits (time, memory, output).
    case limitReached(tool: String, limit: String)
    /// The file is refused before any converter runs (too large, too many pixels, a zip bomb).
    case refused(String)
    /// A password protects the PDF.
    case encrypted
    /// The converters read it and found no text.
    case noText
    /// No converter reads this kind of file.
    case unsupported(contentType: String)
    /// The message's earlier letters used every page of OCR one message may have (`ocrPagesPerMessage`).
    case ocrBudgetSpent(Int)

    package var description: String {
        switch self {
        case .converterMissing(let tool): "\(tool) is not installed (scripts/install-deps.sh installs it)"
        case .converterFailed(let tool, let reason): "\(tool) \(reason)"
        case .limitReached(let tool, let limit): "\(tool) \(limit), its limit"
        case .refused(let why): why
        case .encrypted: "the PDF is encrypted: it needs a password to open"
        case .noText: "no text was found in it"
        case .unsupported(let type): "no converter reads \(type) files"
        case .ocrBudgetSpent(let pages): "the message's letters before it used the \(pages) pages one message may have read by OCR; this one is for a person to read"
        }
    }

    /// Whether the same file could read differently next time (a timeout on a busy machine, a tool
    /// installed since): such outcomes are not cached.
    package var isTransient: Bool {
        switch self {
        // What is read depends on the letters before it in the same message, not on the file.
        case .converterMissing, .ocrBudgetSpent: true
        case .limitReached(_, let limit): limit.hasPrefix("took longer")
        default: false
        }
    }
}
