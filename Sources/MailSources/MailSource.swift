/// Where messages come from: the local Maildir, an IMAP mailbox. The pipeline asks a source for what
/// is new and tells it what became of each message, so a server-side source can move it on.
package protocol MailSource {
    /// A stable name recorded with every message seen ("maildir:/srv/Mailbox", "imap://user@host:993/INBOX").
    var name: String { get }
    /// How many messages a pass would visit, when the source knows cheaply (for progress).
    func pendingCount() -> Int?
    /// Visits each message in arrival order. `visit` files it and says what became of it; a message
    /// the source could not read is handed over as a `.message` error in `SourceMessage.raw` and never
    /// stops the pass. `visit` answers `.stop` when the run is asked to end: the source hands over
    /// nothing more.
    ///
    /// Cases are committed in groups, so what `visit` answers holds only once `commit` has returned
    /// true: a source that acts on the server (moves, flags) calls `commit` first. When `commit`
    /// returns false, nothing answered since the source's last successful `commit` is on file for
    /// certain: act on none of it and end the pass.
    ///
    /// `place` is where the last pass left off, as this source last gave it to `keep` (nil before
    /// the first). A source that goes on from where it was (IMAP: UIDVALIDITY and the last UID handled)
    /// gives its new place to `keep` once what lies before it is committed and marked. The pipeline
    /// keeps it in its store; false means the store failed, and the pass must end.
    ///
    /// A source that reads on a thread of its own runs `prepare` there on each message and hands its
    /// work to `visit` with the message (the pipeline parses and reads the next messages while it
    /// files earlier ones); a source may also hand over nil, and `visit` does that work itself. The
    /// work is the pipeline's: its type is the caller's, and the source only carries it.
    func poll<Work: Sendable>(
        from place: String?,
        prepare: @escaping @Sendable (SourceMessage) -> Work,
        visit: (SourceMessage, Work?) -> SourceOutcome,
        commit: () -> Bool,
        keep: (_ place: String) -> Bool
    ) throws(SourceError)
}

extension MailSource {
    /// A pass with nothing prepared ahead and no place kept.
    package func poll(_ visit: (SourceMessage) -> SourceOutcome, commit: () -> Bool) throws(SourceError) {
        try poll(from: nil, prepare: { _ in }, visit: { message, _ in visit(message) }, commit: commit, keep: { _ in true })
    }
}
