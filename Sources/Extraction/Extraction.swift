/// What extraction found: the fields, and for each field the words it came from.
package struct Extraction: Sendable {
    package var fields: RequestFields
    /// Field name (as in `RequestFields.fieldNames`, commitments without their prefix for brevity) → evidence.
    package var evidence: [String: Evidence]
    /// The language the request is written in, when one is recognised ("en", "es", "pt").
    package var language: String?
    /// What extraction did not read, said for the case's notes ("only the first 1 MB of the body").
    package var notes: [String] = []
    /// The organization the attached letters name (letterhead or signature), read from them alone.
    package var letterOrganization: String?
    /// Counts the body and a letter both give, with different values.
    package var disagreements: [CountDisagreement] = []

    package init(fields: RequestFields = RequestFields(), evidence: [String: Evidence] = [:], language: String? = nil) {
        self.fields = fields
        self.evidence = evidence
        self.language = language
    }
}

/// The text span a field was read from, and where that text stood.
package struct Evidence: Sendable, Equatable, Codable {
    package var text: String
    /// "body", "signature", "forwarded request" (the forward is the request), "forwarded message" (evidence
    /// it forwards), "quoted earlier message" (the sender's own, under a follow-up), "attached message",
    /// "attachment NAME", "subject".
    package var source: String

    package init(text: String, source: String) {
        self.text = text
        self.source = source
    }
}

/// A count the body gives one value for and an attached letter another: a person decides which is meant.
package struct CountDisagreement: Sendable, Equatable, Codable, CustomStringConvertible {
    /// "domainAccounts", "licensedUsers" or "requestedUsers".
    package var field: String
    package var body: Int
    package var letter: Int
    /// Where the letter's value stands ("attachment letter.pdf, page 1").
    package var letterSource: String

    package var description: String { "\(field): \(body) in the body, \(letter) in \(letterSource)" }

    static func between(body: Extraction, letters: Extraction) -> [CountDisagreement] {
        let counts: [(String, KeyPath<RequestFields, Int?>)] = [
            ("domainAccounts", \.domainAccounts), ("licensedUsers", \.licensedUsers), ("requestedUsers", \.requestedUsers),
        ]
        return counts.compactMap { name, path in
            guard let b = body.fields[keyPath: path], let l = letters.fields[keyPath: path], b != l else { return nil }
            return CountDisagreement(field: name, body: b, letter: l, letterSource: letters.evidence[name]?.source ?? "the letter")
        }
    }
}
