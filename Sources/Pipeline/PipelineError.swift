package import Filing
package import MailSources

/// What stops a pass before or between messages (never a single bad message: that is filed for review).
package enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// The mail source failed: its kind says what to do about it (a caller decides on that), and it
    /// keeps the error the source met; shown in that error's own words.
    case source(SourceError)
    case fileUnreadable(path: String, reason: String)
    case rulesInvalid(String)
    /// The folder of rule tests (`intake rules test DIR`) is missing or cannot be listed.
    case ruleTestsUnlistable(directory: String, exists: Bool)
    /// The store failed (disk full, permissions, database): the environment's fault, never a message's.
    case storeFailed(FilingError)

    package var description: String {
        switch self {
        case .source(let error): return error.description
        case .fileUnreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .rulesInvalid(let why): return why
        case .ruleTestsUnlistable(let directory, let exists):
            return "cannot list the rule tests in \(directory): \(exists ? "it is not a folder intake can read" : "there is no such folder")"
                + " — give the folder that holds each NAME.eml beside its NAME.expect.yaml (default Rules/tests)"
        case .storeFailed(let error): return "the pass stopped: \(error.description); no message was counted against — fix the store and run again"
        }
    }
}
