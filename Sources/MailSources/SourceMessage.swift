/// One message as a source hands it over.
package struct SourceMessage: Sendable {
    /// The source's own id for it (Maildir unique name, IMAP UIDVALIDITY/UID).
    package var sourceID: String
    /// The raw bytes, or why they could not be read (an error of kind `.message`).
    package var raw: Result<[UInt8], SourceError>
    /// When the source received it, in whole seconds since 1970 (UTC), if it knows; the pipeline
    /// writes it as the store writes every time.
    package var receivedAt: Int?

    package init(sourceID: String, raw: Result<[UInt8], SourceError>, receivedAt: Int? = nil) {
        self.sourceID = sourceID
        self.raw = raw
        self.receivedAt = receivedAt
    }
}

/// What the pipeline did with a message, so the source can act on it (move it, flag it).
package enum SourceOutcome: Sendable, Equatable {
    case filed(caseID: String, folder: String)
    /// Filed on an earlier pass (its case's folder when known), e.g. before a crash kept the source
    /// from hearing about it.
    case alreadyOnFile(folder: String?)
    /// Not filed, for the reason given; it will be offered again on the next pass.
    case failed(String)
    /// The run is ending: hand over nothing more.
    case stop
}
