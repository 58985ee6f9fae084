/// What extraction found: the fields, and for each field the words it came from.
package struct Extraction: Sendable {
    package var fields: RequestFields
    /// Field name (as in `RequestFields.fieldNames`, commitments without their prefix for brevity) → evidence.
    package var evidence: [String: Evidence]
    /// The language the request is written in, when one is recognised ("en", "es", "pt").
    package var language: String?
    /// What extraction did not read, said for the case's notes ("only the first 1 MB of the body").
    package var notes: [String] = []

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
