package import Filing
import Foundation
import MailSources
import RuleEngine

/// Runs one message again after the rules changed: the existing case is updated in place and its
/// history keeps the earlier decision; a message not on file yet is filed as a new case.
package struct Reprocessor {
    package let decider: Decider
    package let store: CaseStore
    /// How a changed verdict answers its requester; nil: no reply is made (no SMTP server configured).
    package var replying: Replying? = nil

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
        let reply = existing.verdict == decision.verdict ? nil : try answer(decision, existing)
        return .updated(before: existing, after: try store.refile(existing, with: submission, reply: reply))
    }

    /// A changed verdict's reply: a correction when the requester already had one; the new decision's own
    /// reply in place of one that had not gone yet (the store drops that one); nothing when none was made.
    func answer(_ decision: Decider.Decision, _ existing: CaseRecord) throws(FilingError) -> DecisionReply? {
        guard let replying else { return nil }
        let earlier = try store.findReplies(existing.id).filter { $0.caseID == existing.id }
        let sent = earlier.contains { $0.state == .sent || $0.state == .sending }
        guard sent || earlier.contains(where: { [.held, .queued, .failed].contains($0.state) }) else { return nil }
        // Counted as a person's would be: a reprocess is someone's act, and robots were never answered at all.
        if let why = try replying.withheld(decision.message, findings: decision.findings, rules: decider.rules, countToday: nil) { return .withheld(reason: why) }
        return try replying.answer(decision, caseID: existing.id, verdict: decision.verdict, rules: decider.rules, store: store, correction: sent)
    }
}
