public import Extraction
public import MIME

/// Everything a rule may look at for one message.
public struct RuleInput: Sendable {
    /// nil when the message could not be parsed.
    public var message: Message?
    public var fields: RequestFields
    /// The language the request is written in ("es"): what the requester reads is written in it.
    public var language: String?

    public init(message: Message?, fields: RequestFields, language: String? = nil) {
        self.message = message
        self.fields = fields
        self.language = language
    }

    /// The From address (first mailbox), as written.
    public var sender: String? { message?.from.first?.address }
    public var senderDomain: String? { message?.from.first?.domain }
    /// The organization the sender writes from (its registrable domain); nil without a From domain.
    public var senderOrganization: OrganizationDomain? { senderDomain.flatMap { OrganizationDomain(domain: $0) } }
}
