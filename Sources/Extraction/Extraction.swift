/// What extraction found: the fields, and for each field the words it came from.
public struct Extraction: Sendable {
    public var fields: RequestFields
    /// Field name (as in `RequestFields.fieldNames`, commitments without their prefix for brevity) → evidence.
    public var evidence: [String: Evidence]
    /// The language the request is written in, when one is recognised ("en", "es", "pt").
    public var language: String?
    /// What extraction did not read, said for the case's notes ("only the first 1 MB of the body").
    public var notes: [String] = []

    public init(fields: RequestFields = RequestFields(), evidence: [String: Evidence] = [:], language: String? = nil) {
        self.fields = fields
        self.evidence = evidence
        self.language = language
    }
}

/// The text span a field was read from, and where that text stood.
public struct Evidence: Sendable, Equatable, Codable {
    public var text: String
    /// "body", "signature", "forwarded request" (the forward is the request), "forwarded message" (evidence
    /// it forwards), "quoted earlier message" (the sender's own, under a follow-up), "attached message",
    /// "attachment NAME", "subject".
    public var source: String

    public init(text: String, source: String) {
        self.text = text
        self.source = source
    }
}
