/// One rule that fired on a request, with the message the requester would read.
/// Written by Filing's `CaseJSON` (the case record); decoded from the store.
package struct Finding: Sendable, Equatable, Decodable {
    package var rule: String
    package var severity: Severity
    package var message: String
    /// For incomplete requests: the required fields that are missing.
    package var missing: [String]?
    /// The list entry or header value that made the rule fire ("hotmail.com").
    package var matched: String?

    package init(rule: String, severity: Severity, message: String, missing: [String]? = nil, matched: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.missing = missing
        self.matched = matched
    }

    enum CodingKeys: String, CodingKey { case rule, severity, message, missing, matched }
}
