/// Where messages come from: the local Maildir, an IMAP mailbox. The pipeline asks a source for what
/// is new and tells it what became of each message, so a server-side source can move it on.
public protocol MailSource {
    /// A stable name recorded with every message seen ("maildir:/srv/Mailbox", "imaps://host/INBOX").
    var name: String { get }
    /// How many messages a pass would visit, when the source knows cheaply (for progress).
    func pendingCount() -> Int?
    /// Visits each message in arrival order. `visit` files it and says what became of it; a source
    /// error for one message is passed in as `SourceMessage.raw` and never stops the pass. `visit`
    /// answers `.stop` when the run is asked to end: the source hands over nothing more.
    ///
    /// Cases are committed in groups, so what `visit` answers holds only once `commit` has returned
    /// true: a source that acts on the server (moves, flags, remembers where it got to) calls
    /// `commit` first. When `commit` returns false, nothing answered since the source's last
    /// successful `commit` is on file for certain: act on none of it and end the pass.
    ///
    /// A source that reads on a thread of its own runs `prepare` there on each message before it
    /// hands it to `visit` (the pipeline parses and reads the next messages while it files earlier
    /// ones); a source may also skip it, and `visit` does that work itself.
    func poll(_ visit: (SourceMessage) -> SourceOutcome, commit: () -> Bool,
              prepare: @escaping @Sendable (SourceMessage) -> SourceMessage) throws(PipelineError)
}

extension MailSource {
    /// A pass with nothing prepared ahead.
    public func poll(_ visit: (SourceMessage) -> SourceOutcome, commit: () -> Bool) throws(PipelineError) {
        try poll(visit, commit: commit, prepare: { $0 })
    }
}

/// One message as a source hands it over.
public struct SourceMessage: Sendable {
    /// The source's own id for it (Maildir unique name, IMAP UIDVALIDITY/UID).
    public var sourceID: String
    /// The raw bytes, or why they could not be read.
    public var raw: Result<[UInt8], SourceReadError>
    /// When the source received it (ISO 8601), if it knows.
    public var receivedAt: String?
    /// What the pipeline's `prepare` worked out ahead, for its `visit`; opaque to the source.
    public var prepared: (any Sendable)?

    public init(sourceID: String, raw: Result<[UInt8], SourceReadError>, receivedAt: String? = nil) {
        self.sourceID = sourceID
        self.raw = raw
        self.receivedAt = receivedAt
    }
}

public struct SourceReadError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the pipeline did with a message, so the source can act on it (move it, flag it).
public enum SourceOutcome: Sendable, Equatable {
    case filed(caseID: String, folder: String)
    /// Filed on an earlier pass (its case's folder when known), e.g. before a crash kept the source
    /// from hearing about it.
    case alreadyOnFile(folder: String?)
    /// Not filed; it will be offered again on the next pass.
    case failed(String)
    /// The run is ending: hand over nothing more.
    case stop
}
