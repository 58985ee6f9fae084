package import Extraction
package import RuleEngine

/// Where a case is filed: the folder of the archive that holds it.
package struct CaseFolder: Sendable, Hashable, CustomStringConvertible {
    package let name: String
    package static let accepted = CaseFolder(name: "Accepted")
    package static let rejected = CaseFolder(name: "Rejected")
    package static let review = CaseFolder(name: "Review")
    package static let all: [CaseFolder] = [.accepted, .rejected, .review]

    package init(verdict: Verdict) {
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
    package var description: String { name }
}

/// A case on file: one request, its decision, and where it came from.
package struct CaseRecord: Sendable {
    package var id: String
    package var verdict: Verdict
    package var folder: CaseFolder
    package var fields: RequestFields
    package var findings: [Finding]
    package var rulesVersion: String
    package var sender: String?
    package var senderDomain: String?
    package var subject: String?
    package var messageID: String?
    package var messageSHA256: String
    package var source: String
    package var sourceID: String
    package var createdAt: String
    package var updatedAt: String
    /// Path of the case folder inside the store.
    package var path: String
    package var state: CaseState = .decidedByRules
    /// A person's decision on the case, and whether it is closed; nil while the rules alone decided it.
    package var personDecision: PersonDecision? = nil
}

/// An earlier decision on a case, kept when the case is reprocessed.
package struct CaseHistoryEntry: Sendable {
    package var decidedAt: String
    package var verdict: Verdict
    package var findings: [Finding]
    package var rulesVersion: String
}

/// One line of the append-only audit log.
package struct CaseEvent: Sendable {
    package var at: String
    package var kind: String
    package var caseID: String?
    package var detail: String
    /// Who took the step: a person's name for their decisions; nil for intake's own steps.
    package var by: String?
}

/// What the pipeline hands the store to file one message.
package struct CaseSubmission: Sendable {
    package var raw: [UInt8]
    package var source: String
    package var sourceID: String
    package var messageID: String?
    package var receivedAt: String?
    package var sender: String?
    package var senderDomain: String?
    package var subject: String?
    package var fields: RequestFields
    package var findings: [Finding]
    package var verdict: Verdict
    package var rulesVersion: String
    /// The `check --json` record of the decision, written as request.json.
    package var record: [UInt8]
    package var attachments: [FiledAttachment]
    /// Lines for the audit log: what parsing noticed (defects), what the source said.
    package var notes: [String]
    /// The raw message's SHA-256 when the caller has already computed it (it is not hashed twice).
    package var sha256: String?
    /// `fields` and `findings` as JSON, when the caller has written them already (for request.json):
    /// the store keeps the same text instead of encoding them a second time.
    package var fieldsJSON: String?
    package var findingsJSON: String?

    package init(raw: [UInt8], source: String, sourceID: String, messageID: String?, receivedAt: String?,
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

package struct FiledAttachment: Sendable {
    package var filename: String?
    package var contentType: String
    package var bytes: [UInt8]

    package init(filename: String?, contentType: String, bytes: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
    }
}
