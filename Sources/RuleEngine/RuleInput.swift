package import Extraction
package import MIME

/// Everything a rule may look at for one message.
package struct RuleInput: Sendable {
    /// nil when the message could not be parsed.
    package var message: Message?
    package var fields: RequestFields
    /// The language the request is written in ("es"): what the requester reads is written in it.
    package var language: String?
    /// The attachments that may be letters, as read (or why not).
    package var letters: [Letter]
    /// The organization the letters name, read from them alone.
    package var letterOrganization: String?
    /// Counts the body and a letter give different values for.
    package var disagreements: [CountDisagreement]
    /// Cases the message names that belong to another organization (only when filing): it is not
    /// their follow-up.
    package var otherOrganizationCases: [String] = []
    /// A person's decision a follow-up came after ("accepted by Ana Ruiz on 2026-12-03"), when it joined
    /// a case a person had decided (only when filing).
    package var personDecisionBefore: String? = nil

    package init(message: Message?, fields: RequestFields, language: String? = nil, letters: [Letter] = [],
                 letterOrganization: String? = nil, disagreements: [CountDisagreement] = []) {
        self.message = message
        self.fields = fields
        self.language = language
        self.letters = letters
        self.letterOrganization = letterOrganization
        self.disagreements = disagreements
    }

    /// The From address (first mailbox), as written.
    package var sender: String? { message?.from.first?.address }
    package var senderDomain: String? { message?.from.first?.domain }
    /// The organization the sender writes from (its registrable domain); nil without a From domain.
    package var senderOrganization: OrganizationDomain? { senderDomain.flatMap { OrganizationDomain(domain: $0) } }
}
