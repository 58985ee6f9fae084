/// What stops a pass before or between messages (never a single bad message: that is filed for review).
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    case sourceUnusable(String)
    case fileUnreadable(path: String, reason: String)
    case rulesInvalid(String)

    public var description: String {
        switch self {
        case .sourceUnusable(let why): return why
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .rulesInvalid(let why): return why
        }
    }
}
