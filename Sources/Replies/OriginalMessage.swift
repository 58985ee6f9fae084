package import MIME
import RuleEngine

/// What a reply takes from the message it answers: its id and thread, its subject, who sent it.
package struct OriginalMessage: Sendable {
    /// As written ("<abc@x.example>"), or nil.
    package var messageID: String?
    /// The References header's values, as written.
    package var references: [String]
    /// Decoded.
    package var subject: String?
    package var from: [Address]
    package var replyTo: [Address]

    package init(messageID: String?, references: [String], subject: String?, from: [Address], replyTo: [Address]) {
        self.messageID = messageID
        self.references = references
        self.subject = subject
        self.from = from
        self.replyTo = replyTo
    }

    package init(_ message: Message) {
        self.init(messageID: message.messageID, references: message.header.all("References"), subject: message.subject,
                  from: message.from, replyTo: message.replyTo)
    }

    /// Who a reply goes to: the first Reply-To of the sender's own organization (the one definition of
    /// it, `OrganizationDomain`), else From. A Reply-To elsewhere is not followed: that is a finding
    /// for a person (`reply-to-mismatch`), not an address to send a case's details to.
    package var recipient: Address? {
        guard let sender = from.first else { return nil }
        guard let organization = OrganizationDomain(address: sender.address) else { return sender }
        return replyTo.first { OrganizationDomain(address: $0.address) == organization } ?? sender
    }
}
