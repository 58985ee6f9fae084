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
    func poll(_ visit: (SourceMessage) -> SourceOutcome) throws(PipelineError)
}

/// One message as a source hands it over.
public struct SourceMessage: Sendable {
    /// The source's own id for it (Maildir unique name, IMAP UIDVALIDITY/UID).
    public var sourceID: String
    /// The raw bytes, or why they could not be read.
    public var raw: Result<[UInt8], SourceReadError>
    /// When the source received it (ISO 8601), if it knows.
    public var receivedAt: String?

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
