import MailSources

/// A mail source that hands over one message, the fuzzer's input. With `readAhead` it runs the
/// pipeline's `prepare` first, as the IMAP source does on its reading thread; without, the poller
/// reads the message itself, as with a Maildir.
struct OneMessageSource: MailSource {
    let name: String
    let message: SourceMessage
    let readAhead: Bool

    func pendingCount() -> Int? { 1 }

    func poll<Work: Sendable>(
        from place: String?,
        prepare: @escaping @Sendable (SourceMessage) -> Work,
        visit: (SourceMessage, Work?) -> SourceOutcome,
        commit: () -> Bool,
        keep: (_ place: String) -> Bool
    ) throws(SourceError) {
        _ = visit(message, readAhead ? prepare(message) : nil)
    }
}
