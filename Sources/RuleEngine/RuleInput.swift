package import Extraction
package import MIME

/// Everything a rule may look at for one message.
package struct RuleInput: Sendable {
    /// nil when the message could not be parsed.
    package var message: Message?
    package var fields: RequestFields
    /// The language the request is written in ("es"): what the requester reads is written in it.
    package var language: String?

    package init(message: Message?, fields: RequestFields, language: String? = nil) {
        self.message = message
        self.fields = fields
        self.language = language
    }

    /// The From address (first mailbox), as written.
    package var sender: String? { message?.from.first?.address }
    package var senderDomain: String? { message?.from.first?.domain }
    /// The organization the sender writes from (its registrable domain); nil without a From domain.
    package var senderOrganization: OrganizationDomain? { senderDomain.flatMap { OrganizationDomain(domain: $0) } }
}
