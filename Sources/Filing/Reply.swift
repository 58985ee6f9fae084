/// Where a reply is in the outbox. `held` waits for a person (`intake replies send`), `queued` waits for the
/// dispatcher (at once, or after a back-off), `sending` is committed before the server is asked, `sent` once
/// the server accepted it, `failed` when the server refused it (or retries ran out), `dropped` when a person
/// decided it never goes.
package enum ReplyState: String, Sendable, CaseIterable {
    case held, queued, sending, sent, failed, dropped

    /// The words `replies list --state` takes.
    package static var names: [String] { allCases.map(\.rawValue) }
}

/// A reply to record: a composed reply's values as plain columns (the outbox does not depend on how it
/// was composed). `messageID` is `CaseReference.replyMessageID`'s, without angle brackets; it names the
/// case and the reply's number in it.
package struct OutgoingReply: Sendable, Equatable {
    package var messageID: String
    package var caseID: String
    /// accepted, rejected, review, correction: what the reply says.
    package var kind: String
    package var recipient: String
    package var sender: String
    package var subject: String
    package var language: String
    /// The whole RFC 5322 message, CRLF line ends.
    package var bytes: [UInt8]

    package init(messageID: String, caseID: String, kind: String, recipient: String, sender: String, subject: String,
                 language: String, bytes: [UInt8]) {
        self.messageID = messageID
        self.caseID = caseID
        self.kind = kind
        self.recipient = recipient
        self.sender = sender
        self.subject = subject
        self.language = language
        self.bytes = bytes
    }
}

/// A reply as the outbox holds it.
package struct ReplyRecord: Sendable, Equatable {
    package var reply: OutgoingReply
    package var sequence: Int
    package var state: ReplyState
    /// Submissions tried and answered "later" (4xx, the server down).
    package var attempts: Int
    /// Not before this time (ISO 8601 UTC) when queued after a "later"; nil: at once.
    package var nextAttemptAt: String?
    /// The server's own words for the last "later" or the refusal.
    package var lastError: String?
    package var createdAt: String
    package var sentAt: String?
    /// When the mailbox's Sent folder got its copy; nil until then.
    package var copiedAt: String?

    package var messageID: String { reply.messageID }
    package var caseID: String { reply.caseID }
    package var recipient: String { reply.recipient }
}
