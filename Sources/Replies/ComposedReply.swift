package import RuleEngine

/// Which reply a case gets: one per verdict, or a correction when a reprocess changes the verdict of a
/// case whose requester already had a reply. Its name is the template's file name and the outbox's column.
package enum ReplyKind: String, Sendable, CaseIterable, Codable {
    case accepted, rejected, review, correction

    package init(verdict: Verdict) {
        switch verdict {
        case .accept: self = .accepted
        case .reject: self = .rejected
        default: self = .review
        }
    }
}

/// A reply, composed and ready to send: the whole message and what the outbox records beside it.
package struct ComposedReply: Sendable, Equatable {
    /// Without angle brackets, from `CaseReference.replyMessageID`.
    package var messageID: String
    /// The address the reply goes to: Reply-To when it is the same organization as From, else From.
    package var recipient: String
    /// Our address (configured).
    package var from: String
    /// The shown text, "Re: … [LX-2026-0042]".
    package var subject: String
    /// en | es | pt
    package var language: String
    package var kind: ReplyKind
    /// The whole RFC 5322 message, CRLF line ends.
    package var bytes: [UInt8]

    package init(messageID: String, recipient: String, from: String, subject: String, language: String,
                 kind: ReplyKind, bytes: [UInt8]) {
        self.messageID = messageID
        self.recipient = recipient
        self.from = from
        self.subject = subject
        self.language = language
        self.kind = kind
        self.bytes = bytes
    }
}
