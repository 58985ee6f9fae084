import Pipeline

/// A mail source that hands over one message, the fuzzer's input. With `readAhead` it runs the
/// pipeline's `prepare` first, as the IMAP source does on its reading thread; without, the poller
/// reads the message itself, as with a Maildir.
struct OneMessageSource: MailSource {
    let name: String
    let message: SourceMessage
    let readAhead: Bool

    func pendingCount() -> Int? { 1 }

    func poll(_ visit: (SourceMessage) -> SourceOutcome, commit: () -> Bool,
              prepare: @escaping @Sendable (SourceMessage) -> SourceMessage) throws(PipelineError) {
        _ = visit(readAhead ? prepare(message) : message)
    }
}
