import Foundation
import GRDB
import Extraction
import RuleEngine

extension CaseStore {
    /// Files one message as a new case, exactly once: archive folder first (built aside, synced,
    /// renamed into place), then the database transaction that makes it count.
    public func file(_ s: CaseSubmission) throws(FilingError) -> CaseRecord {
        let sha = s.sha256 ?? Self.sha256(s.raw)
        let now = Self.now()
        let year = Int(now.prefix(4)) ?? 2026
        let seq: Int = try read { db in
            (try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM \"case\" WHERE year = ?", arguments: [year]) ?? 0) + 1
        }
        let id = String(format: "LX-%04d-%04d", year, seq)
        let folder = CaseFolder(verdict: s.verdict)
        let final = directory + "/" + folder.name + "/" + id
        try buildFolder(id: id, submission: s, at: final)

        do {
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO message (sha256, source, source_id, message_id, size, received_at, first_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [sha, s.source, s.sourceID, s.messageID, s.raw.count, s.receivedAt, now])
                try db.execute(sql: """
                    INSERT INTO "case" (id, year, seq, message_sha256, verdict, folder, sender, sender_domain, subject,
                        organization, fields, findings, rules_version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, year, seq, sha, s.verdict.name, folder.name, s.sender, s.senderDomain?.lowercased(),
                                     s.subject, s.fields.organization, Self.encode(s.fields), Self.encode(s.findings),
                                     s.rulesVersion, now, now])
                func event(_ kind: String, _ detail: String) throws {
                    try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, ?, ?, ?, ?)",
                                   arguments: [now, kind, id, sha, detail])
                }
                try event("seen", "\(s.source) \(s.sourceID) (\(s.raw.count) bytes, Message-ID \(s.messageID ?? "none"))")
                try event("parsed", s.notes.isEmpty ? "no defects" : s.notes.joined(separator: "; "))
                let rules = s.findings.map { "\($0.rule) (\($0.severity.name))" }.joined(separator: ", ")
                try event("decided", "\(s.verdict.name) under rules \(s.rulesVersion)" + (rules.isEmpty ? "" : ": " + rules))
                try event("filed", "\(folder.name)/\(id)")
                try db.execute(sql: "DELETE FROM attempt WHERE source = ? AND source_id = ?", arguments: [s.source, s.sourceID])
            }
        } catch {
            // The folder is not a case until the transaction commits: take it back out.
            try? FileManager.default.removeItem(atPath: final)
            throw .database(path: databasePath, reason: "\(error)")
        }
        guard let record = try caseRecord(id: id) else { throw .caseNotFound(id) }
        return record
    }

    /// Counts one more attempt at a source message and returns how many there have been, this one
    /// included. Committed before the message is read, so a run that dies on it still counts.
    public func beginAttempt(source: String, sourceID: String) throws(FilingError) -> Int {
        do {
            // A count only has to survive the process dying, not the machine: written to the WAL
            // without its own fsync (the next case's commit syncs it anyway).
            try db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            defer { try? db.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") } }
            return try db.write { db in
                try db.execute(sql: """
                    INSERT INTO attempt (source, source_id, count, last_at) VALUES (?, ?, 1, ?)
                    ON CONFLICT(source, source_id) DO UPDATE SET count = count + 1, last_at = excluded.last_at
                    """, arguments: [source, sourceID, Self.now()])
                return try Int.fetchOne(db, sql: "SELECT count FROM attempt WHERE source = ? AND source_id = ?",
                                        arguments: [source, sourceID]) ?? 1
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
    }

    /// Records why an attempt failed without filing (it is retried on the next pass).
    public func failAttempt(source: String, sourceID: String, error: String) {
        _ = try? db.write { db in
            try db.execute(sql: "UPDATE attempt SET last_error = ? WHERE source = ? AND source_id = ?", arguments: [error, source, sourceID])
            try db.execute(sql: "INSERT INTO event (at, kind, detail) VALUES (?, 'failed', ?)",
                           arguments: [Self.now(), "\(source) \(sourceID): \(error)"])
        }
    }

    /// Decides an existing case again in place: the earlier decision goes to the case's history, the
    /// folder moves if the verdict changed, and the audit log says so. Never a second case.
    public func refile(_ existing: CaseRecord, with s: CaseSubmission) throws(FilingError) -> CaseRecord {
        let now = Self.now()
        let folder = CaseFolder(verdict: s.verdict)
        let target = directory + "/" + folder.name + "/" + existing.id
        // Until the commit, a crash may leave the folder where the database does not expect it:
        // the marker makes the next start compare the whole archive with the database.
        let marker = directory + "/.reprocessing"
        try SyncedFiles.write(Array(existing.id.utf8), to: marker)
        // request.json is replaced atomically; the folder then moves to its new verdict's place.
        let staged = existing.path + "/.request.json.new"
        try SyncedFiles.write(s.record, to: staged)
        try SyncedFiles.rename(staged, existing.path + "/request.json")
        if folder != existing.folder {
            try SyncedFiles.rename(existing.path, target)
            try SyncedFiles.syncDirectory(SyncedFiles.parent(target))
        }
        try SyncedFiles.syncDirectory(SyncedFiles.parent(existing.path))
        do {
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO case_history (case_id, decided_at, verdict, fields, findings, rules_version)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [existing.id, existing.updatedAt, existing.verdict.name, Self.encode(existing.fields),
                                     Self.encode(existing.findings), existing.rulesVersion])
                try db.execute(sql: """
                    UPDATE "case" SET verdict = ?, folder = ?, fields = ?, findings = ?, rules_version = ?, organization = ?,
                        updated_at = ? WHERE id = ?
                    """, arguments: [s.verdict.name, folder.name, Self.encode(s.fields), Self.encode(s.findings),
                                     s.rulesVersion, s.fields.organization, now, existing.id])
                let rules = s.findings.map(\.rule).joined(separator: ", ")
                try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, 'reprocessed', ?, ?, ?)",
                               arguments: [now, existing.id, existing.messageSHA256,
                                           "\(existing.verdict.name) → \(s.verdict.name) under rules \(s.rulesVersion)" + (rules.isEmpty ? "" : ": " + rules)])
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
        try? FileManager.default.removeItem(atPath: marker)
        guard let record = try caseRecord(id: existing.id) else { throw .caseNotFound(existing.id) }
        return record
    }

    /// Builds the case folder aside, syncs it, and renames it into place.
    func buildFolder(id: String, submission s: CaseSubmission, at final: String) throws(FilingError) {
        let staging = tmpDirectory + "/" + id + "-" + UUID().uuidString.prefix(8)
        try SyncedFiles.makeDirectory(staging)
        try SyncedFiles.writeUnsynced(s.raw, to: staging + "/message.eml")
        try SyncedFiles.writeUnsynced(s.record, to: staging + "/request.json")
        if !s.attachments.isEmpty {
            let dir = staging + "/attachments"
            try SyncedFiles.makeDirectory(dir)
            var names = AttachmentNames()
            for (i, a) in s.attachments.enumerated() {
                try SyncedFiles.writeUnsynced(a.bytes, to: dir + "/" + names.name(for: a.filename, contentType: a.contentType, index: i + 1))
            }
        }
        // Every file and folder of the case reaches the disk before the rename makes it visible.
        try SyncedFiles.syncFileSystem(staging)
        // A folder under this id can only be a crash's leftover (recover() removes those); never merge into it.
        if FileManager.default.fileExists(atPath: final) { try? FileManager.default.removeItem(atPath: final) }
        try SyncedFiles.rename(staging, final)
        try SyncedFiles.syncDirectory(SyncedFiles.parent(final))
    }

    /// Puts the archive back in step with the database after a crash: staging folders are removed,
    /// case folders the database does not know are removed (their messages are filed again on this
    /// run), and a case folder found under another verdict's folder is moved where the database says.
    /// Returns what it did, for the log.
    ///
    /// A poll files one case at a time, each under the next free number, and recovers before it
    /// starts: so a crash can only have left the folder of the next number, which is all a normal
    /// start looks for. The whole archive is compared with the database only after a reprocess was
    /// interrupted (its marker file is still there) or when asked (`thorough`).
    @discardableResult
    public func recover(thorough: Bool = false) throws(FilingError) -> [String] {
        var done: [String] = []
        let fm = FileManager.default
        for leftover in (try? fm.contentsOfDirectory(atPath: tmpDirectory)) ?? [] {
            try? fm.removeItem(atPath: tmpDirectory + "/" + leftover)
            done.append("removed unfinished staging folder \(leftover)")
        }
        let reprocessMarker = directory + "/.reprocessing"
        guard thorough || fm.fileExists(atPath: reprocessMarker) else {
            let next: [String] = try read { db in
                try Row.fetchAll(db, sql: "SELECT year, MAX(seq) AS seq FROM \"case\" GROUP BY year").map {
                    String(format: "LX-%04d-%04d", $0["year"] as Int, ($0["seq"] as Int) + 1)
                }
            }
            let year = Int(Self.now().prefix(4)) ?? 2026
            let candidates = Set(next + [String(format: "LX-%04d-%04d", year, 1)])
            let known: Set<String> = try read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM \"case\"")) }
            for id in candidates.subtracting(known) {
                for folder in CaseFolder.all where fm.fileExists(atPath: directory + "/" + folder.name + "/" + id) {
                    try? fm.removeItem(atPath: directory + "/" + folder.name + "/" + id)
                    done.append("removed \(folder.name)/\(id), filed by a run that stopped before recording it")
                }
            }
            for line in done { log("recovered", detail: line) }
            return done
        }
        let known: [String: String] = try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, folder FROM \"case\"").map { ($0["id"], $0["folder"]) })
        }
        for folder in CaseFolder.all {
            let dir = directory + "/" + folder.name
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where !name.hasPrefix(".") {
                guard let owner = known[name] else {
                    try? fm.removeItem(atPath: dir + "/" + name)
                    done.append("removed \(folder.name)/\(name), filed by a run that stopped before recording it")
                    continue
                }
                if owner != folder.name {
                    let target = directory + "/" + owner + "/" + name
                    if !fm.fileExists(atPath: target) {
                        try SyncedFiles.rename(dir + "/" + name, target)
                        done.append("moved \(name) back to \(owner)/")
                    }
                }
                // A reprocess that stopped after staging its new record.
                try? fm.removeItem(atPath: dir + "/" + name + "/.request.json.new")
            }
        }
        try? fm.removeItem(atPath: reprocessMarker)
        for line in done { log("recovered", detail: line) }
        return done
    }
}
