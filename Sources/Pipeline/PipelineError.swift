public import Filing

/// What stops a pass before or between messages (never a single bad message: that is filed for review).
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    case sourceUnusable(String)
    /// The mail source failed with its own error (an IMAP server's refusal, a deadline, a broken reply), kept
    /// whole so that a caller can tell which; shown as that error describes itself.
    case sourceFailed(any Error & Sendable)
    case fileUnreadable(path: String, reason: String)
    case rulesInvalid(String)
    /// The store failed (disk full, permissions, database): the environment's fault, never a message's.
    case storeFailed(FilingError)

    public var description: String {
        switch self {
        case .sourceUnusable(let why): return why
        case .sourceFailed(let error): return String(describing: error)
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .rulesInvalid(let why): return why
        case .storeFailed(let error): return "the pass stopped: \(error.description); no message was counted against — fix the store and run again"
        }
    }
}
