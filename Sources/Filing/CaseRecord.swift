public import Extraction
public import RuleEngine

/// Where a case is filed: the folder of the archive that holds it.
public struct CaseFolder: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public static let accepted = CaseFolder(name: "Accepted")
    public static let rejected = CaseFolder(name: "Rejected")
    public static let review = CaseFolder(name: "Review")
    public static let all: [CaseFolder] = [.accepted, .rejected, .review]

    public init(verdict: Verdict) {
        switch verdict {
        case .accept: self = .accepted
        case .reject: self = .rejected
        default: self = .review
        }
    }

    init?(named name: String) {
        guard let f = Self.all.first(where: { $0.name == name }) else { return nil }
        self = f
    }

    private init(name: String) { self.name = name }
    public var description: String { name }
}

/// A case on file: one request, its decision, and where it came from.
public struct CaseRecord: Sendable {
    public var id: String
    public var verdict: Verdict
    public var folder: CaseFolder
    public var fields: RequestFields
    public var findings: [Finding]
    public var rulesVersion: String
    public var sender: String?
    public var senderDomain: String?
    public var subject: String?
    public var messageID: String?
    public var messageSHA256: String
    public var source: String
    public var sourceID: String
    public var createdAt: String
    public var updatedAt: String
    /// Path of the case folder inside the store.
    public var path: String
    public var state: CaseState = .decidedByRules
    /// A person's decision on the case, and whether it is closed; nil while the rules alone decided it.
    public var personDecision: PersonDecision? = nil
}

/// An earlier decision on a case, kept when the case is reprocessed.
public struct CaseHistoryEntry: Sendable {
    public var decidedAt: String
    public var verdict: Verdict
    public var findings: [Finding]
    public var rulesVersion: String
}

/// One line of the append-only audit log.
public struct CaseEvent: Sendable {
    public var at: String
    public var kind: String
    public var caseID: String?
    public var detail: String
    /// Who took the step: a person's name for their decisions; nil for intake's own steps.
    public var by: String?
}

/// What the pipeline hands the store to file one message.
public struct CaseSubmission: Sendable {
    public var raw: [UInt8]
    public var source: String
    public var sourceID: String
    public var messageID: String?
    public var receivedAt: String?
    public var sender: String?
    public var senderDomain: String?
    public var subject: String?
    public var fields: RequestFields
    public var findings: [Finding]
    public var verdict: Verdict
    public var rulesVersion: String
    /// The `check --json` record of the decision, written as request.json.
    public var record: [UInt8]
    public var attachments: [FiledAttachment]
    /// Lines for the audit log: what parsing noticed (defects), what the source said.
    public var notes: [String]
    /// The raw message's SHA-256 when the caller has already computed it (it is not hashed twice).
    public var sha256: String?
    /// `fields` and `findings` as JSON, when the caller has written them already (for request.json):
    /// the store keeps the same text instead of encoding them a second time.
    public var fieldsJSON: String?
    public var findingsJSON: String?

    public init(raw: [UInt8], source: String, sourceID: String, messageID: String?, receivedAt: String?,
                sender: String?, senderDomain: String?, subject: String?, fields: RequestFields,
                findings: [Finding], verdict: Verdict, rulesVersion: String, record: [UInt8],
                attachments: [FiledAttachment], notes: [String] = []) {
        self.raw = raw
        self.source = source
        self.sourceID = sourceID
        self.messageID = messageID
        self.receivedAt = receivedAt
        self.sender = sender
        self.senderDomain = senderDomain
        self.subject = subject
        self.fields = fields
        self.findings = findings
        self.verdict = verdict
        self.rulesVersion = rulesVersion
        self.record = record
        self.attachments = attachments
        self.notes = notes
    }
}

public struct FiledAttachment: Sendable {
    public var filename: String?
    public var contentType: String
    public var bytes: [UInt8]

    public init(filename: String?, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
