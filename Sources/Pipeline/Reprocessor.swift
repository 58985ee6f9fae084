package import Filing
import Foundation
import MailSources
import RuleEngine

/// Runs one message again after the rules changed: the existing case is updated in place and its
/// history keeps the earlier decision; a message not on file yet is filed as a new case.
package struct Reprocessor {
    package let decider: Decider
    package let store: CaseStore

    package init(decider: Decider, store: CaseStore) {
        self.decider = decider.cachingLetters(in: store)
        self.store = store
    }

    package enum Outcome: Sendable {
        case updated(before: CaseRecord, after: CaseRecord)
        case filed(CaseRecord)
    }

    /// `reference` is a case id, a Message-ID, or a path to an .eml file.
    package func run(_ reference: String) throws -> Outcome {
        // A case id or Message-ID on file wins over a file of the same name in the working folder.
        if let existing = try store.findCase(reference) {
            guard let raw = store.rawMessage(of: existing) else {
                throw FilingError.archive(path: existing.path + "/message.eml", reason: "the case's raw message is missing from the archive")
            }
            return try redo(existing, raw: raw)
        }
        if FileManager.default.fileExists(atPath: reference) {
            guard let data = FileManager.default.contents(atPath: reference) else {
                throw PipelineError.fileUnreadable(path: reference, reason: "permission denied or not a file")
            }
            let raw = [UInt8](data)
            let sha = CaseStore.sha256(raw)
            if let existing = try store.findCase(sha) { return try redo(existing, raw: raw) }
            let decision = try decider.decide(raw, casesOnFile: { [store] (organization) throws(FilingError) -> [String] in
                try store.casesOfOrganization(organization)
            })
            let message = SourceMessage(sourceID: "file:" + (reference as NSString).lastPathComponent + ":" + sha.prefix(16), raw: .success(raw))
            let submission = Poller.submission(decision, raw: raw, source: "manual", message: message,
                                               rulesVersion: decider.rules.version,
                                               notes: decision.message.defects.map(\.description))
            return .filed(try store.file(submission))
        }
        throw FilingError.caseNotFound(reference)
    }

    /// Decides the case again on all its messages (its request and every follow-up that joined it, read
    /// from its folder). Only cases filed before this one count: a later request from the same
    /// organization never changes an earlier case's verdict.
    func redo(_ existing: CaseRecord, raw: [UInt8]) throws -> Outcome {
        guard existing.state == .decidedByRules else {
            throw FilingError.decidedByPerson(id: existing.id, decision: existing.personDecision?.decision, by: existing.personDecision?.by)
        }
        let decision = try decider.decideCase(existing, store: store)
        let message = SourceMessage(sourceID: existing.sourceID, raw: .success(raw))
        let submission = Poller.submission(decision, raw: raw, source: existing.source, message: message,
                                           rulesVersion: decider.rules.version, notes: [])
        return .updated(before: existing, after: try store.refile(existing, with: submission))
    }
}
