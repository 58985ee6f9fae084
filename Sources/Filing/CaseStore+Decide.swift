import Glibc
import JSONOutput
import GRDB
import RuleEngine

extension CaseStore {
    /// Records a person's decision on a case (accept, reject, needs information) or closes it, with who
    /// and why. The case's verdict becomes the person's, its folder moves to match and its request.json
    /// carries the decision, by the same crash-safe steps as a reprocess (`rewrite`); the rules' findings
    /// stay as they were, and the audit log holds the step with who took it and when.
    /// A closed case is refused: it is the end of the record.
    /// `notes` are added to the log's line (what was not done elsewhere, such as the IMAP copy not moved).
    /// `reply`, the reply the decision makes, is recorded in the decision's own transaction.
    package func decide(_ existing: CaseRecord, _ action: PersonAction, by person: String, note: String, notes: [String] = [],
                        reply: DecisionReply? = nil) throws(FilingError) -> CaseRecord {
        if existing.state == .closed {
            throw .caseClosed(id: existing.id)
        }
        try Self.check(reply, of: existing.id)
        guard SyncedFiles.entryType(existing.path + "/request.json") == S_IFREG, let current = FileBytes.read(existing.path + "/request.json") else {
            throw .archive(path: existing.path + "/request.json", reason: "the case's record is missing or not a file; nothing was changed — "
                + "`intake store check` reports it")
        }
        let now = Self.now()
        let verdict = action.verdict ?? existing.verdict
        let decision: PersonDecision
        if action == .close {
            // The person's decision before stays as it was; who closed the case, when and why is the log's line.
            let before = existing.personDecision
            decision = PersonDecision(state: CaseState.closed.name, decision: before?.decision, by: before?.by, note: before?.note, at: before?.at)
        } else {
            decision = PersonDecision(state: CaseState.decidedByPerson.name, decision: action.decisionWord, by: person, note: note, at: now)
        }
        // The filing facts say when the case was last decided, as the database does: a rebuilt store reads them.
        var facts = JSONMember.text(of: FiledFacts.key, in: current).flatMap { Self.decode(FiledFacts.self, $0) }
        facts?.updatedAt = now
        guard let withVerdict = JSONMember.setting("verdict", to: Array(JSONWriter.quote(verdict.name).utf8), in: current),
              let withFacts = facts.map({ JSONMember.setting(FiledFacts.key, to: CaseJSON.filed($0), in: withVerdict) }) ?? withVerdict,
              let record = JSONMember.setting(PersonDecision.key, to: CaseJSON.decision(decision), in: withFacts) else {
            throw .archive(path: existing.path + "/request.json", reason: "the case's record is not a JSON object; nothing was changed — "
                + "`intake store check` reports it")
        }
        let kind = action == .close ? "closed" : "decided-by-person"
        let said = action.decisionWord ?? action.rawValue
        let change = action == .close ? "closed, \(verdict.word)"
            : verdict == existing.verdict ? "\(said) (still \(verdict.word))" : "\(said): \(existing.verdict.word) → \(verdict.word)"
        let detail = ([change + ": " + note] + notes).joined(separator: "; ")
        return try rewrite(existing, record: record, folder: CaseFolder(verdict: verdict)) { db in
            // The state read again inside the transaction: a decision never lands on a case closed meanwhile.
            guard try String.fetchOne(db, sql: "SELECT state FROM \"case\" WHERE id = ?", arguments: [existing.id]) != CaseState.closed.name else {
                throw FilingError.caseClosed(id: existing.id)
            }
            try db.execute(sql: """
                UPDATE "case" SET verdict = ?, folder = ?, state = ?, decision = ?, decided_by = ?, decision_note = ?, decided_at = ?,
                    updated_at = ? WHERE id = ?
                """, arguments: [verdict.name, CaseFolder(verdict: verdict).name, decision.state, decision.decision, decision.by,
                                 decision.note, decision.at, now, existing.id])
            try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail, actor) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [now, kind, existing.id, existing.messageSHA256, detail, person])
            try Self.record(db, reply, caseID: existing.id, at: now)
        }
    }
}
