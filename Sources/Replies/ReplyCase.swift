package import Extraction
package import RuleEngine

/// What a reply is about: one case as decided, in the words the requester reads.
package struct ReplyCase: Sendable {
    package var caseID: String
    package var verdict: Verdict
    package var fields: RequestFields
    /// The findings, each with its requester text already in `language` (the rule engine writes them so).
    package var findings: [Finding]
    /// The language the reply is written in (en | es | pt): `FieldWords.replyLanguage(for:)` of the
    /// request's language, as the findings' texts were chosen.
    package var language: String
    /// The requester's address and its domain, as the rules saw them.
    package var sender: String?
    package var senderDomain: String?
    /// The reply corrects an earlier one: the verdict changed after the requester heard of the old one.
    package var correction: Bool

    package init(caseID: String, verdict: Verdict, fields: RequestFields, findings: [Finding], language: String,
                 sender: String?, senderDomain: String?, correction: Bool = false) {
        self.caseID = caseID
        self.verdict = verdict
        self.fields = fields
        self.findings = findings
        self.language = language
        self.sender = sender
        self.senderDomain = senderDomain
        self.correction = correction
    }

    package var kind: ReplyKind { correction ? .correction : ReplyKind(verdict: verdict) }
}
