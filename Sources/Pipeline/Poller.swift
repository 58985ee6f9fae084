public import Filing
import Extraction
import Foundation
public import Logging
import MIME
public import RuleEngine

/// One pass over a source: every new message is decided and filed exactly once; a message that
/// cannot be read or parsed is filed for review; a failure on one message never stops the rest.
public struct Poller {
    let rules: DeciderLoader
    public let store: CaseStore
    public var logger: Logger
    /// A message whose processing has started this many times without being filed is quarantined.
    public var maxAttempts = 3

    /// Silent unless the caller gives a logger: a library does not choose where its lines go.
    public static var silent: Logger { Logger(label: "intake.poll", factory: { _ in SwiftLogNoOpLogHandler() }) }

    public init(decider: Decider, store: CaseStore, logger: Logger = Poller.silent) {
        self.init(rules: DeciderLoader(decider), store: store, logger: logger)
    }

    /// Rules loaded only when a message arrives: a pass that finds nothing new never reads them.
    public init(rules: DeciderLoader, store: CaseStore, logger: Logger = Poller.silent) {
        self.rules = rules
        self.store = store
        self.logger = logger
    }

    public enum Result: Sendable {
        case filed(CaseRecord)
        case alreadyOnFile(sourceID: String, folder: String?)
        case failed(sourceID: String, reason: String)
    }

    public struct Summary: Sendable {
        public var seen = 0
        public var filed: [CaseRecord] = []
        public var alreadyOnFile = 0
        public var failures: [(sourceID: String, reason: String)] = []
        public func count(_ verdict: Verdict) -> Int { filed.filter { $0.verdict == verdict }.count }
    }

    /// One pass. `shouldStop` is asked before each message: a graceful stop finishes the message in
    /// hand and hands over no more.
    public func run(_ source: some MailSource, shouldStop: () -> Bool = { false },
                    each: (Result) -> Void = { _ in }) throws(PipelineError) -> Summary {
        var summary = Summary()
        var fatal: PipelineError? = nil
        try source.poll { message in
            if shouldStop() || fatal != nil { return .stop }
            // A broken rule set stops the pass before anything is decided: never run half of it.
            do throws(PipelineError) { _ = try rules.decider() } catch {
                fatal = error
                return .stop
            }
            summary.seen += 1
            let result = handle(message, from: source.name)
            switch result {
            case .filed(let record): summary.filed.append(record)
            case .alreadyOnFile: summary.alreadyOnFile += 1
            case .failed(let id, let reason): summary.failures.append((id, reason))
            }
            each(result)
            switch result {
            case .filed(let record): return .filed(caseID: record.id, folder: record.folder.name)
            case .alreadyOnFile(_, let folder): return .alreadyOnFile(folder: folder)
            case .failed(_, let reason): return .failed(reason)
            }
        }
        if let fatal { throw fatal }
        return summary
    }

    func handle(_ message: SourceMessage, from source: String) -> Result {
        do {
            let raw: [UInt8]
            var notes: [String] = []
            var readError: String? = nil
            switch message.raw {
            case .success(let bytes): raw = bytes
            case .failure(let error):
                raw = []
                readError = error.description
                notes.append("source could not be read: \(error.description)")
            }
            let sha = CaseStore.sha256(raw)
            if readError == nil, try store.isKnown(sha256: sha, source: source, sourceID: message.sourceID) {
                return .alreadyOnFile(sourceID: message.sourceID,
                                      folder: store.folderOfKnownMessage(sha256: sha, source: source, sourceID: message.sourceID))
            }
            let decider = try rules.decider()
            let attempt = try store.beginAttempt(source: source, sourceID: message.sourceID)
            let submission: CaseSubmission
            if attempt > maxAttempts || readError != nil {
                // Do not touch the bytes again: they stopped intake before (or could not be read at all).
                let why = readError ?? "intake stopped \(attempt - 1) times while working on this message"
                submission = try quarantine(raw, source: source, message: message, why: why)
            } else {
                let decision = decider.decide(raw, isOnFile: { [store] in store.isOrganizationOnFile($0) })
                // Last line of defence: the same Message-ID from the same source is the same message
                // come back (moved back by a person, or renumbered by the server).
                if let id = decision.message.messageID, store.isMessageIDOnFile(id, source: source) {
                    return .alreadyOnFile(sourceID: message.sourceID,
                                          folder: store.folderOfKnownMessage(messageID: id, source: source))
                }
                notes += decision.message.defects.map(\.description)
                submission = Self.submission(decision, raw: raw, source: source, message: message,
                                             rulesVersion: decider.rules.version, notes: notes)
            }
            var hashed = submission
            hashed.sha256 = sha
            let record = try store.file(hashed)
            let rules = record.findings.map(\.rule).joined(separator: ", ")
            logger.info("\(record.id) \(record.verdict.name)\(rules.isEmpty ? "" : ": " + rules)",
                        metadata: ["source": "\(source)", "sourceID": "\(message.sourceID)"])
            return .filed(record)
        } catch {
            let reason = String(describing: error)
            store.failAttempt(source: source, sourceID: message.sourceID, error: reason)
            logger.error("\(message.sourceID): \(reason)")
            return .failed(sourceID: message.sourceID, reason: reason)
        }
    }

    static func submission(_ d: Decider.Decision, raw: [UInt8], source: String, message: SourceMessage,
                           rulesVersion: String, notes: [String]) -> CaseSubmission {
        let m = d.message
        return CaseSubmission(
            raw: raw, source: source, sourceID: message.sourceID, messageID: m.messageID,
            receivedAt: message.receivedAt ?? m.date, sender: d.unparseable ? nil : m.from.first?.address,
            senderDomain: d.unparseable ? nil : m.from.first?.domain, subject: m.subject, fields: d.extraction.fields,
            findings: d.findings, verdict: d.verdict, rulesVersion: rulesVersion, record: Reports.check(d),
            attachments: d.unparseable ? [] : m.attachments.map { FiledAttachment(filename: $0.filename, contentType: $0.contentType, bytes: $0.bytes) },
            notes: notes)
    }

    func quarantine(_ raw: [UInt8], source: String, message: SourceMessage, why: String) throws -> CaseSubmission {
        let decider = try rules.decider()
        let finding = Finding(rule: "unparseable-message", severity: .review, message: "The message could not be processed: \(why).")
        let record = "{\"messageId\":null,\"from\":null,\"subject\":null,\"request\":null,\"attachments\":[],\"verdict\":\"review\",\"findings\":[{\"rule\":\"unparseable-message\",\"severity\":\"review\",\"message\":\(JSONWriter.quote(finding.message))}]}"
        return CaseSubmission(raw: raw, source: source, sourceID: message.sourceID, messageID: nil, receivedAt: message.receivedAt,
                              sender: nil, senderDomain: nil, subject: nil, fields: RequestFields(), findings: [finding],
                              verdict: .review, rulesVersion: decider.rules.version, record: Array(record.utf8),
                              attachments: [], notes: ["quarantined: \(why)"])
    }
}
