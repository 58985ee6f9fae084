public import Extraction
public import MIME

/// Everything a rule may look at for one message.
public struct RuleInput: Sendable {
    /// nil when the message could not be parsed.
    public var message: Message?
    public var fields: RequestFields
    /// Asks the store whether a case from this organization domain is already on file; nil outside filing.
    public var isOnFile: (@Sendable (String) -> Bool)?
    /// The language the request is written in ("es"): what the requester reads is written in it.
    public var language: String?

    public init(message: Message?, fields: RequestFields, isOnFile: (@Sendable (String) -> Bool)? = nil, language: String? = nil) {
        self.message = message
        self.fields = fields
        self.isOnFile = isOnFile
        self.language = language
    }

    /// The From address (first mailbox), as written.
    public var sender: String? { message?.from.first?.address }
    public var senderDomain: String? { message?.from.first?.domain }
}
