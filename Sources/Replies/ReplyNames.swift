import Extraction
import RuleEngine

/// The names a reply template may use, and their values for one case. One definition: the composer
/// renders with it, `rules lint` checks templates against it, Rules/replies/README.md lists it.
package enum ReplyNames {
    /// Names that hold text (empty when unknown); a section `{{#name}}…{{/name}}` shows when known.
    package static let texts: [String] = [
        "caseId", "language", "kind", "from", "domain", "subject",
        "requesterName", "requesterTitle", "organization", "department",
        "domainAccounts", "licensedUsers", "requestedUsers", "missingList",
    ]
    /// Names that are true or false, for `{{#name}}…{{/name}}` and `{{^name}}…{{/name}}`.
    package static let flags: [String] = ["accepted", "rejected", "review", "correction", "incomplete", "hasCounts", "hasReasons"]
    /// Lists, each with the names its items hold.
    package static let lists: [String: [String]] = [
        "reasons": ["text", "rule"],
        "notes": ["text", "rule"],
        "missing": ["item"],
    ]

    /// Every name at the top of a template, for a rule set whose rules have these ids (each rule id is
    /// a flag: true when that rule's finding is on the case).
    package static func topLevel(ruleIDs: [String]) -> Set<String> {
        Set(texts + flags + lists.keys + ruleIDs)
    }

    /// The values of every name for one case, as the templates see them.
    static func values(for reply: ReplyCase, originalSubject: String?, fieldWords: FieldWords, ruleIDs: [String]) -> [String: Any] {
        let language = reply.language
        let fields = reply.fields
        var values: [String: Any] = [
            "caseId": reply.caseID,
            "language": language,
            "kind": reply.kind.rawValue,
            // The verdict's, also in a correction (which says what the decision is now).
            "accepted": reply.verdict == .accept,
            "rejected": reply.verdict == .reject,
            "review": reply.verdict != .accept && reply.verdict != .reject,
            "correction": reply.correction,
        ]
        func put(_ name: String, _ text: String?) {
            if let text = text.map(HeaderText.singleLine), !text.isEmpty { values[name] = text }
        }
        put("from", reply.sender)
        put("domain", reply.senderDomain)
        put("subject", originalSubject.map { HeaderText.bounded(HeaderText.singleLine($0), characters: ReplySubject.maxOriginalCharacters) })
        put("requesterName", fields.requesterName)
        put("requesterTitle", fields.requesterTitle)
        put("organization", fields.organization)
        put("department", fields.department)
        put("domainAccounts", fields.domainAccounts.map { Self.count($0, language) })
        put("licensedUsers", fields.licensedUsers.map { Self.count($0, language) })
        put("requestedUsers", fields.requestedUsers.map { Self.count($0, language) })
        values["hasCounts"] = fields.domainAccounts != nil && fields.licensedUsers != nil && fields.requestedUsers != nil

        // The findings that decided (reject for a rejection, review for a review) are the reasons; info
        // findings are notes. Others are left out: a person who accepts what the rules rejected must not
        // send the rejection's reasons with the acknowledgement.
        let deciding: Severity? = reply.verdict == .reject ? .reject : reply.verdict == .accept ? nil : .review
        let reasons = reply.findings.filter { $0.severity == deciding }
        values["reasons"] = reasons.map { ["text": $0.message, "rule": $0.rule] as [String: Any] }
        values["hasReasons"] = !reasons.isEmpty
        values["notes"] = reply.findings.filter { $0.severity == .info }.map { ["text": $0.message, "rule": $0.rule] as [String: Any] }
        let missing = reply.findings.first { $0.missing != nil }?.missing ?? []
        values["missing"] = missing.map { ["item": fieldWords.list([$0], in: language)] as [String: Any] }
        values["incomplete"] = !missing.isEmpty
        if !missing.isEmpty { values["missingList"] = fieldWords.list(missing, in: language) }
        let fired = Set(reply.findings.map(\.rule))
        for id in ruleIDs { values[id] = fired.contains(id) }
        return values
    }

    /// 25,000 in English; 25.000 in Spanish and Portuguese.
    static func count(_ n: Int, _ language: String) -> String {
        let separator: Character = language == "en" ? "," : "."
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(separator) }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
