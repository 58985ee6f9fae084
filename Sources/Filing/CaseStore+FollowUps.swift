import Foundation
import Glibc
import GRDB
import JSONOutput
package import RuleEngine

extension CaseStore {
    /// Every message of a case, in the order they joined it (the original first).
    package func messages(of caseID: String) throws(FilingError) -> [CaseMessage] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT cm.*, m.message_id, m.source, m.source_id, m.received_at FROM case_message cm
                JOIN message m ON m.sha256 = cm.message_sha256 WHERE cm.case_id = ? ORDER BY cm.rowid
                """, arguments: [caseID]).map { row in
                CaseMessage(sha256: row["message_sha256"], role: CaseMessage.Role(rawValue: row["role"]) ?? .followUp, file: row["file"],
                            messageID: row["message_id"], from: row["sender"], subject: row["subject"], source: row["source"],
                            sourceID: row["source_id"], receivedAt: row["received_at"], addedAt: row["added_at"],
                            afterDecision: row["after_decision"])
            }
        }
    }

    /// The raw bytes of one message of a case, from its folder; nil when missing or a link.
    package func rawMessage(_ message: CaseMessage, of record: CaseRecord) -> [UInt8]? {
        guard message.role == .original || CaseMessage.isFollowUpFile(message.file) else { return nil }
        guard SyncedFiles.entryType(record.path) == S_IFDIR else { return nil }
        return FileBytes.read(record.path + "/" + message.file)
    }

    /// The case that holds a message with this Message-ID (as written, in angle brackets), from any
    /// source; nil when none. A case staged and not yet committed does not answer: the caller commits first.
    package func caseHolding(messageID: String) throws(FilingError) -> String? {
        try query { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT cm.case_id FROM message m JOIN case_message cm ON cm.message_sha256 = m.sha256
                WHERE m.message_id = ? ORDER BY cm.rowid LIMIT 1
                """), arguments: [messageID])
        }
    }

    /// Whether cases are staged and not yet committed (a follow-up is looked up among committed cases only).
    package var hasStagedCases: Bool { staged.first(where: { _ in true }) != nil }

    /// The cases on file from this organization, the newest `RuleSet.casesNamed`, oldest first (what a
    /// duplicate-request finding names). With `filedBefore`, only cases filed before that one count, as in
    /// `isOrganizationOnFile`; staged cases count as filed after every case on file.
    package func casesOfOrganization(_ organization: OrganizationDomain, filedBefore caseID: String? = nil) throws(FilingError) -> [String] {
        let limit = RuleSet.casesNamed
        // Staged cases read in the same access as the database, so a group committing meanwhile is
        // found once, in one or the other.
        return try query { db in
            let stagedIDs = caseID == nil ? staged.all { $0.organization == organization }.map(\.record.id) : []
            let onFile: [String] = try String.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM "case" WHERE organization_domain = ?1
                    AND (?2 IS NULL OR (year, seq) < (SELECT year, seq FROM "case" WHERE id = ?2))
                ORDER BY year DESC, seq DESC LIMIT ?3
                """), arguments: [organization.name, caseID, limit]).reversed()
            return Array((onFile + stagedIDs).suffix(limit))
        }
    }

    /// Joins a follow-up to its case: its message is kept in the case folder (`follow-up-<sha>.eml`) and
    /// on file as the case's, and the case takes `decision` (made on the union of its messages). The
    /// earlier decision goes to the case's history and the log says which message joined and what changed.
    /// A person's decision is never overruled silently: `afterDecision` (what the person decided) is
    /// recorded with the follow-up and the decision's findings say so; the case is the rules' again, and a
    /// person decides it anew. Refused for a closed case (the end of its record).
    package func join(_ existing: CaseRecord, followUp f: CaseSubmission, decision s: CaseSubmission,
                      afterDecision: String?, reply: DecisionReply? = nil) throws(FilingError) -> CaseRecord {
        guard existing.state != .closed else { throw .caseClosed(id: existing.id) }
        try Self.check(reply, of: existing.id)
        let sha = f.sha256 ?? Self.sha256(f.raw)
        let now = Self.now()
        let file = CaseMessage.followUpFile(sha256: sha)
        let joined = CaseMessage(sha256: sha, role: .followUp, file: file, messageID: f.messageID, from: f.sender, subject: f.subject,
                                 source: f.source, sourceID: f.sourceID, receivedAt: f.receivedAt, addedAt: now, afterDecision: afterDecision)
        let all = try messages(of: existing.id) + [joined]
        let record = try caseRecordJSON(existing, decision: s, updatedAt: now, messages: all)
        // The message first, synced in the case folder. Until the database's row names it, it is no case's
        // message: a failed join removes it, and after a crash the next start's recovery does (the join's
        // marker makes it compare the archive); the message is offered again and joins, writing the same file.
        let path = existing.path + "/" + file
        try SyncedFiles.write(f.raw, to: path)
        let folder = CaseFolder(verdict: s.verdict)
        do {
            return try rewrite(existing, record: record, folder: folder) { db in
                try db.execute(sql: """
                    INSERT INTO message (sha256, source, source_id, message_id, size, received_at, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [sha, f.source, f.sourceID, f.messageID, f.raw.count, f.receivedAt, now])
                try db.execute(sql: CaseMessage.insertSQL, arguments: [sha, existing.id, CaseMessage.Role.followUp.rawValue, file, f.sender,
                                                                       f.subject, now, afterDecision])
                try Self.keepHistory(db, existing)
                try db.execute(sql: """
                    UPDATE "case" SET verdict = ?, folder = ?, fields = ?, findings = ?, rules_version = ?, organization = ?, updated_at = ?,
                        state = ?, decision = NULL, decided_by = NULL, decision_note = NULL, decided_at = NULL WHERE id = ?
                    """, arguments: [s.verdict.name, folder.name, s.fieldsJSON ?? Self.text(s.fields), s.findingsJSON ?? Self.text(s.findings),
                                     s.rulesVersion, s.fields.organization, now, CaseState.decidedByRules.name, existing.id])
                let event = "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, ?, ?, ?, ?)"
                try db.execute(sql: event, arguments: [now, "seen", existing.id, sha,
                                                       "\(f.source) \(f.sourceID) (\(f.raw.count) bytes, Message-ID \(f.messageID ?? "none"))"])
                let rules = s.findings.map { "\($0.rule) (\($0.severity.name))" }.joined(separator: ", ")
                let person = afterDecision.map { "; after a person's decision (\($0)), back to the rules and review" } ?? ""
                try db.execute(sql: event, arguments: [now, "follow-up", existing.id, sha,
                    "joined as \(file) (message \(all.count) of the case)\(person): \(existing.verdict.name) → \(s.verdict.name) "
                        + "under rules \(s.rulesVersion) on all its messages" + (rules.isEmpty ? "" : ": " + rules)])
                try Self.record(db, reply, caseID: existing.id, at: now)
            }
        } catch {
            try? remove(path)
            throw error
        }
    }

    /// The decision made before a change, kept in the case's history.
    static func keepHistory(_ db: Database, _ existing: CaseRecord) throws {
        try db.execute(sql: """
            INSERT INTO case_history (case_id, decided_at, verdict, fields, findings, rules_version) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [existing.id, existing.updatedAt, existing.verdict.name, text(existing.fields), text(existing.findings),
                             existing.rulesVersion])
    }

    /// A case's request.json after the rules decided it again: the decision's record, the filing facts,
    /// and, when it has follow-ups, the list of them, with the case's own first message as its messageId,
    /// from, subject and attachments (a joined case is still the request that opened it).
    func caseRecordJSON(_ existing: CaseRecord, decision s: CaseSubmission, updatedAt: String,
                        messages: [CaseMessage]) throws(FilingError) -> [UInt8] {
        let receivedAt = messages.first { $0.role == .original }?.receivedAt
        let facts = FiledFacts(caseId: existing.id, source: existing.source, sourceId: existing.sourceID, receivedAt: receivedAt,
                               filedAt: existing.createdAt, updatedAt: updatedAt, rulesVersion: s.rulesVersion)
        var record = facts.added(to: s.record)
        let followUps = messages.filter { $0.role == .followUp }
        guard !followUps.isEmpty else { return record }
        for (key, value) in [("messageId", existing.messageID), ("from", existing.sender), ("subject", existing.subject)] {
            record = JSONMember.setting(key, to: Array((value.map(JSONWriter.quote) ?? "null").utf8), in: record) ?? record
        }
        // The attachments listed stay the first message's, the ones in attachments/; a follow-up's are in its own file.
        if let current = FileBytes.read(existing.path + "/request.json"), let attachments = JSONMember.text(of: "attachments", in: current) {
            record = JSONMember.setting("attachments", to: Array(attachments.utf8), in: record) ?? record
        }
        return JSONMember.setting(CaseMessage.followUpsKey, to: CaseJSON.followUps(followUps), in: record) ?? record
    }
}
