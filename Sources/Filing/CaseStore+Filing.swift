import Foundation
import Glibc
import GRDB
import Extraction
import RuleEngine

extension CaseStore {
    /// Files one message as a new case, exactly once: `stage` then `commitStaged`.
    package func file(_ s: CaseSubmission) throws(FilingError) -> CaseRecord {
        let staged = try stage(s)
        try commitStaged()
        return try caseRecord(id: staged.id) ?? staged
    }

    /// Builds a case's folder aside (not yet synced) under the next free number and holds it until
    /// `commitStaged()`. Until then the case is not on file for a crash: recovery removes it and
    /// its message is filed again. The store's questions (`isKnown`, `isMessageIDOnFile`,
    /// `isOrganizationOnFile`, the next number) count staged cases already.
    /// `answer` gives, for the case's id, the reply its decision makes (or why none): recorded in the case's own
    /// transaction, so a case is never on file without it, nor a reply without its case.
    package func stage(_ s: CaseSubmission,
                       answer: (_ caseID: String) throws(FilingError) -> DecisionReply? = { _ in nil }) throws(FilingError) -> CaseRecord {
        let sha = s.sha256 ?? Self.sha256(s.raw)
        let now = Self.now()
        let year = Int(now.prefix(4)) ?? 2026
        let seq: Int
        if let staged = staged.maxSeq(year: year) {
            seq = staged + 1
        } else {
            seq = try query { db in
                (try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(seq) FROM \"case\" WHERE year = ?"), arguments: [year]) ?? 0) + 1
            }
        }
        let id = String(format: "LX-%04d-%04d", year, seq)
        let reply = try answer(id)
        try Self.check(reply, of: id)
        let folder = CaseFolder(verdict: s.verdict)
        let path = directory + "/" + folder.name + "/" + id
        let facts = FiledFacts(caseId: id, source: s.source, sourceId: s.sourceID, receivedAt: s.receivedAt, filedAt: now,
                               updatedAt: now, rulesVersion: s.rulesVersion)
        let (staging, files) = try buildFolder(id: id, submission: s, record: facts.added(to: s.record))
        let record = CaseRecord(
            id: id, verdict: s.verdict, folder: folder, fields: s.fields, findings: s.findings, rulesVersion: s.rulesVersion,
            sender: s.sender, senderDomain: s.senderDomain?.lowercased(), subject: s.subject, messageID: s.messageID,
            messageSHA256: sha, source: s.source, sourceID: s.sourceID, createdAt: now, updatedAt: now, path: path)
        staged.append(StagedCase(record: record, organization: s.senderDomain.flatMap { OrganizationDomain(domain: $0) }, year: year, seq: seq, size: s.raw.count, receivedAt: s.receivedAt,
                                 notes: s.notes, fieldsJSON: s.fieldsJSON ?? Self.text(s.fields),
                                 findingsJSON: s.findingsJSON ?? Self.text(s.findings), staging: staging, files: files, answer: reply))
        return record
    }

    /// Makes every staged case count: one flush of the file system for all their folders, the
    /// renames into place, then one transaction. Returns the cases committed. On failure none of
    /// them is on file (their folders are taken back out) and the error says why.
    @discardableResult
    package func commitStaged() throws(FilingError) -> [CaseRecord] {
        try commit(staged.beginCommit())
    }

    /// `commitStaged()` on a thread of its own, so the next group is decided and staged while this one
    /// reaches the disk. Its cases count as staged until it ends; `GroupCommit.wait()` says how it
    /// ended. One group at a time: wait for this one before the next commit begins.
    package func commitStagedAside() -> GroupCommit {
        let cases = staged.beginCommit()
        let group = GroupCommit()
        Thread.detachNewThread { [self] in
            group.finish(Result { () throws(FilingError) in try commit(cases) })
        }
        return group
    }

    private func commit(_ cases: [StagedCase]) throws(FilingError) -> [CaseRecord] {
        guard !cases.isEmpty else { return [] }
        var placed: [String] = []
        do throws(FilingError) {
            // A folder already under one of these ids is none of this run's: the database does not know
            // it (recover() removed this store's own leftovers). It is never overwritten nor merged into.
            if let taken = cases.first(where: { SyncedFiles.entryType($0.record.path) != nil }) {
                throw FilingError.archive(path: taken.record.path, reason: "a case folder is already there that the database does not know; "
                    + "nothing was overwritten — the database may be older than the archive (restore the newest intake.sqlite)")
            }
            // Every file and folder of every case reaches the disk before a rename makes it visible.
            try SyncedFiles.syncFileSystem(tmpDirectory)
            // The archive is written once and read rarely: give its pages back now that they are on
            // disk, so the next group reuses them instead of pushing other data out of memory.
            for c in cases { for file in c.files { SyncedFiles.dropFromCache(file) } }
            // The folders about to be placed, named on disk first: after a crash before the commit, these
            // and only these may be taken back out.
            // Written aside and renamed, so it is whole or absent: a file cut short could name less than the group.
            try SyncedFiles.write(Array(cases.map { relativePath($0.record.path) }.joined(separator: "\n").utf8), to: pendingGroupPath + ".new")
            try SyncedFiles.rename(pendingGroupPath + ".new", pendingGroupPath)
            try SyncedFiles.syncDirectory(directory)
            for c in cases {
                try SyncedFiles.rename(c.staging, c.record.path)
                placed.append(c.record.path)
            }
            for parent in Set(placed.map(SyncedFiles.parent)).sorted() { try SyncedFiles.syncDirectory(parent) }
            try insert(cases)
            // Committed: a list left behind names folders the database knows, which recovery never removes.
            try? remove(pendingGroupPath)
        } catch {
            // The folders are not cases until the transaction commits: take back out the ones this group placed.
            for c in cases { try? remove(c.staging) }
            for path in placed { try? remove(path) }
            try? remove(pendingGroupPath)
            staged.endCommit()
            throw error
        }
        return cases.map(\.record)
    }

    /// Drops staged cases without filing them (their messages are offered again on the next pass); a
    /// group already committing is left to its commit.
    package func discardStaged() {
        // Best effort: a staging folder left in .tmp/ is removed by the next start's recovery.
        for c in staged.takeUncommitted() { try? remove(c.staging) }
    }

    private func insert(_ cases: [StagedCase]) throws(FilingError) {
        do {
            try db.writeWithoutTransaction { db in
                try db.inTransaction {
                    try insert(cases, db)
                    return .commit
                }
                // In the same access as the commit: a question asked meanwhile finds these cases here or there, once.
                staged.endCommit()
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
    }

    private func insert(_ cases: [StagedCase], _ db: Database) throws {
        let message = try db.cachedStatement(sql: """
            INSERT INTO message (sha256, source, source_id, message_id, size, received_at, first_seen_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let insertCase = try db.cachedStatement(sql: """
            INSERT INTO "case" (id, year, seq, message_sha256, verdict, folder, sender, sender_domain, organization_domain,
                subject, organization, fields, findings, rules_version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let event = try db.cachedStatement(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, ?, ?, ?, ?)")
        let caseMessage = try db.cachedStatement(sql: CaseMessage.insertSQL)
        let attempt = try db.cachedStatement(sql: "DELETE FROM attempt WHERE source = ? AND source_id = ?")
        for c in cases {
            let r = c.record
            let now = r.createdAt
            try message.execute(arguments: [r.messageSHA256, r.source, r.sourceID, r.messageID, c.size, c.receivedAt, now])
            try insertCase.execute(arguments: [r.id, c.year, c.seq, r.messageSHA256, r.verdict.name, r.folder.name, r.sender,
                                               r.senderDomain, c.organization?.name, r.subject, r.fields.organization, c.fieldsJSON,
                                               c.findingsJSON, r.rulesVersion, now, now])
            try caseMessage.execute(arguments: [r.messageSHA256, r.id, CaseMessage.Role.original.rawValue, CaseMessage.originalFile,
                                                 r.sender, r.subject, now, nil])
            func log(_ kind: String, _ detail: String) throws {
                try event.execute(arguments: [now, kind, r.id, r.messageSHA256, detail])
            }
            try log("seen", "\(r.source) \(r.sourceID) (\(c.size) bytes, Message-ID \(r.messageID ?? "none"))")
            try log("parsed", c.notes.isEmpty ? "no defects" : c.notes.joined(separator: "; "))
            let rules = r.findings.map { "\($0.rule) (\($0.severity.name))" }.joined(separator: ", ")
            try log("decided", "\(r.verdict.name) under rules \(r.rulesVersion)" + (rules.isEmpty ? "" : ": " + rules))
            try log("filed", "\(r.folder.name)/\(r.id)")
            try Self.record(db, c.answer, caseID: r.id, at: now)
            try attempt.execute(arguments: [r.source, r.sourceID])
        }
    }

    /// Counts one more attempt at a source message and returns how many there have been, this one
    /// included. Committed before the message is read, so a run that dies on it still counts.
    package func beginAttempt(source: String, sourceID: String) throws(FilingError) -> Int {
        do {
            return try writeWithoutSync { db in
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

    /// The message got through the step its attempts were counted for: they no longer count against
    /// it. Without this, runs stopped from outside (a kill, a reboot) while the same messages were
    /// in hand, before their group was committed, would quarantine messages that never failed.
    package func forgetAttempts(source: String, sourceID: String) throws(FilingError) {
        do {
            try writeWithoutSync { db in
                try db.execute(sql: "DELETE FROM attempt WHERE source = ? AND source_id = ?", arguments: [source, sourceID])
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
    }

    /// How many attempts at a source message ended with the run dying (or failing) before it was filed.
    /// A database that cannot say is an error: read as none, a message that keeps killing intake would never be quarantined.
    package func attemptCount(source: String, sourceID: String) throws(FilingError) -> Int {
        try query { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT count FROM attempt WHERE source = ? AND source_id = ?"), arguments: [source, sourceID])
        } ?? 0
    }

    /// Whether a message is on file, and how many attempts at it ended badly: one read, for a
    /// source's fetch thread deciding whether to read the message ahead.
    package func readAheadStatus(sha256: String, source: String, sourceID: String) -> (known: Bool, attempts: Int) {
        if stagedCase(sha256: sha256, source: source, sourceID: sourceID) != nil { return (true, 0) }
        let row = try? db.inDatabase { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS(SELECT 1 FROM message WHERE sha256 = ?1 OR (source = ?2 AND source_id = ?3)) AS known,
                       (SELECT count FROM attempt WHERE source = ?2 AND source_id = ?3) AS attempts
                """), arguments: [sha256, source, sourceID])
        }
        guard let row = row ?? nil else { return (true, 0) }  // unreadable: leave it to the filing thread
        return (row["known"] as Bool, (row["attempts"] as Int?) ?? 0)
    }

    /// Notes which message a step is working on, so a crash is charged to it (see `recover()`).
    package func markInProgress(_ step: WorkStep, source: String, sourceID: String) {
        markers.set(step, source: source, sourceID: sourceID)
    }

    /// The step got through its message.
    package func clearInProgress(_ step: WorkStep) {
        markers.clear(step)
    }

    /// A transaction that only has to survive the process dying, not the machine: written to the WAL
    /// without its own fsync (the next case's commit syncs it anyway). The switch of sync mode and
    /// the transaction are one access to the database, so no other thread's commit runs unsynced.
    func writeWithoutSync<T>(_ body: (Database) throws -> T) throws -> T {
        try db.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Cannot fail once the PRAGMA above succeeded on this connection (it changes no data).
            defer { try? db.execute(sql: "PRAGMA synchronous = FULL") }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }

    /// Records why an attempt failed without filing, and counts it (it is retried on the next pass).
    /// Best effort, as `log`: called while a failure is reported, which the caller reports anyway.
    package func failAttempt(source: String, sourceID: String, error: String) {
        _ = try? db.write { db in
            try db.execute(sql: """
                INSERT INTO attempt (source, source_id, count, last_at, last_error) VALUES (?1, ?2, 1, ?3, ?4)
                ON CONFLICT(source, source_id) DO UPDATE SET count = count + 1, last_at = excluded.last_at, last_error = excluded.last_error
                """, arguments: [source, sourceID, Self.now(), error])
            try db.execute(sql: "INSERT INTO event (at, kind, detail) VALUES (?, 'failed', ?)",
                           arguments: [Self.now(), "\(source) \(sourceID): \(error)"])
        }
    }

    /// Decides an existing case again in place: the earlier decision goes to the case's history, the
    /// folder moves if the verdict changed, and the audit log says so. Never a second case, and never a
    /// case a person decided: the rules do not overrule them.
    package func refile(_ existing: CaseRecord, with s: CaseSubmission, reply: DecisionReply? = nil) throws(FilingError) -> CaseRecord {
        guard existing.state == .decidedByRules else {
            throw .decidedByPerson(id: existing.id, decision: existing.personDecision?.decision, by: existing.personDecision?.by)
        }
        try Self.check(reply, of: existing.id)
        let now = Self.now()
        // A case with follow-ups keeps them listed in its record (the archive alone holds the case).
        let record = try caseRecordJSON(existing, decision: s, updatedAt: now, messages: try messages(of: existing.id))
        let folder = CaseFolder(verdict: s.verdict)
        return try rewrite(existing, record: record, folder: folder) { db in
            try Self.keepHistory(db, existing)
            try db.execute(sql: """
                UPDATE "case" SET verdict = ?, folder = ?, fields = ?, findings = ?, rules_version = ?, organization = ?,
                    updated_at = ? WHERE id = ?
                """, arguments: [s.verdict.name, folder.name, s.fieldsJSON ?? Self.text(s.fields), s.findingsJSON ?? Self.text(s.findings),
                                 s.rulesVersion, s.fields.organization, now, existing.id])
            let rules = s.findings.map(\.rule).joined(separator: ", ")
            try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, 'reprocessed', ?, ?, ?)",
                           arguments: [now, existing.id, existing.messageSHA256,
                                       "\(existing.verdict.name) → \(s.verdict.name) under rules \(s.rulesVersion)" + (rules.isEmpty ? "" : ": " + rules)])
            try Self.record(db, reply, caseID: existing.id, at: now)
        }
    }

    /// The one way a case on file changes (a reprocess, a person's decision): its new request.json
    /// `record` is staged beside the old one, the folder moves to `folder`, `update` changes the database
    /// in one transaction, and only then does the new record take the old one's place. A kill at any
    /// step leaves what `recover()` puts in step with the database: before the commit the old decision
    /// (the folder moved back, the staged record dropped), after it the new one (the staged record put in
    /// place); the `.reprocessing` marker makes the next start compare the whole archive.
    func rewrite(_ existing: CaseRecord, record: [UInt8], folder: CaseFolder, update: (Database) throws -> Void) throws(FilingError) -> CaseRecord {
        // Written into and moved: a link there would take the new record outside the store.
        guard SyncedFiles.entryType(existing.path) == S_IFDIR else {
            throw .archive(path: existing.path, reason: "the case folder is \(SyncedFiles.entryType(existing.path) == nil ? "missing" : "a symbolic link or not a folder"); "
                + "nothing was changed — `intake store check` reports it; put the case's folder back in its place")
        }
        let target = directory + "/" + folder.name + "/" + existing.id
        let now = Self.now()
        // The record says where the server copy waits, as the database will (a rebuilt store reads it).
        let record = try recordingServerMove(existing, to: folder, since: now, in: record)
        // Named for reprocess, its first user; stores in use have it, recovery and rebuild look for it by this name.
        let marker = directory + "/.reprocessing"
        try SyncedFiles.write(Array(existing.id.utf8), to: marker)
        try SyncedFiles.write(record, to: existing.path + "/.request.json.new")
        var current = existing.path
        if folder != existing.folder {
            try SyncedFiles.rename(existing.path, target)
            try SyncedFiles.syncDirectory(SyncedFiles.parent(target))
            current = target
        }
        try SyncedFiles.syncDirectory(SyncedFiles.parent(existing.path))
        do {
            try db.write { db in
                try update(db)
                // In the same transaction: a case that moves never leaves its server copy behind unrecorded.
                try Self.noteServerMove(db, existing, to: folder, at: now)
            }
        } catch {
            // Nothing committed: the folder goes back where the database has it, the staged record goes.
            _ = try? recover()
            if let error = error as? FilingError { throw error }
            throw .database(path: databasePath, reason: "\(error)")
        }
        try SyncedFiles.rename(current + "/.request.json.new", current + "/request.json")
        try SyncedFiles.syncDirectory(current)
        // Done: a marker left behind only makes the next start compare the whole archive once.
        try? remove(marker)
        guard let updated = try caseRecord(id: existing.id) else { throw .caseNotFound(existing.id) }
        return updated
    }

    /// Whether a staged record is the decision the database holds for a case: it was written with the
    /// same fields and findings text the database keeps, the same verdict and the same person's decision.
    func isRecordOnFile(_ record: [UInt8], caseID: String) throws(FilingError) -> Bool {
        let row: Row? = try read { db in try Row.fetchOne(db, sql: "SELECT * FROM \"case\" WHERE id = ?", arguments: [caseID]) }
        guard let row else { return false }
        let text = String(decoding: record, as: UTF8.self)
        let verdict: String = row["verdict"]
        return text.contains(row["fields"] as String) && text.contains(row["findings"] as String)
            && JSONMember.text(of: "verdict", in: record) == "\"" + verdict + "\""
            && Self.recordedDecision(in: record) == Self.personDecision(row)
    }

    /// The person's decision a request.json carries; nil when it carries none.
    static func recordedDecision(in record: [UInt8]) -> PersonDecision? {
        JSONMember.text(of: PersonDecision.key, in: record).flatMap { decode(PersonDecision.self, $0) }
    }

    /// Builds the case folder aside in `.tmp/`, unsynced (the commit syncs all staged folders at
    /// once), and returns where, with the files written there.
    func buildFolder(id: String, submission s: CaseSubmission, record: [UInt8]) throws(FilingError) -> (folder: String, files: [String]) {
        let staging = tmpDirectory + "/" + id + "-" + UUID().uuidString.prefix(8)
        var files: [String] = []
        func write(_ bytes: [UInt8], _ path: String) throws(FilingError) {
            try SyncedFiles.writeUnsynced(bytes, to: path)
            files.append(path)
        }
        do throws(FilingError) {
            try SyncedFiles.makeDirectory(staging)
            try write(s.raw, staging + "/message.eml")
            try write(record, staging + "/request.json")
            if !s.attachments.isEmpty {
                let dir = staging + "/attachments"
                try SyncedFiles.makeDirectory(dir)
                var names = AttachmentNames()
                for (i, a) in s.attachments.enumerated() {
                    try write(a.bytes, dir + "/" + names.name(for: a.filename, contentType: a.contentType, index: i + 1))
                }
            }
        } catch {
            try? remove(staging)  // best effort: the next start's recovery empties .tmp/
            throw error
        }
        return (staging, files)
    }


    /// Puts the archive back in step with the database after a crash: staging folders are removed; the
    /// folders of the group a run was placing when it died (named in `.pending-group` before they were
    /// placed) are removed when the database does not know them (their messages are filed again on this
    /// run); and a case folder found under another verdict's folder is moved where the database says.
    /// Nothing else is removed: a folder the database does not know is reported, never deleted — a lost
    /// database or a folder someone put there must not cost the archive. Returns what it did, for the log.
    ///
    /// The whole archive is compared with the database only after a reprocess was interrupted (its
    /// marker file is still there) or when asked (`thorough`).
    @discardableResult
    package func recover(thorough: Bool = false) throws(FilingError) -> [String] {
        try recoverFiling(thorough: thorough)
    }

    var pendingGroupPath: String { Self.pendingGroupPath(in: directory) }

    func relativePath(_ path: String) -> String {
        path.hasPrefix(directory + "/") ? String(path.dropFirst(directory.count + 1)) : path
    }

    private func recoverFiling(thorough: Bool) throws(FilingError) -> [String] {
        // Removals here are best effort (`try?`): what stays is removed on the next start, and a folder
        // left where a new case would go is refused by `commitStaged`, never overwritten. The database
        // questions are not: recovery decides nothing on a guess.
        var done: [String] = []
        // A message a step was on when the last run died: that run's death counts against it.
        for step in WorkStep.allCases {
            guard let (source, sourceID) = markers.read(step) else { continue }
            let count = try beginAttempt(source: source, sourceID: sourceID)
            markers.clear(step)
            done.append("counted attempt \(count) at \(source) \(sourceID): the last run stopped while \(step.rawValue) it")
        }
        let fm = FileManager.default
        for leftover in (try? fm.contentsOfDirectory(atPath: tmpDirectory)) ?? [] {
            try? remove(tmpDirectory + "/" + leftover)
            done.append("removed unfinished staging folder \(leftover)")
        }
        let reprocessMarker = directory + "/.reprocessing"
        // The group a run was placing when it died: its folders the database does not know are taken out
        // (their messages are filed again). Nothing else is ever removed: a folder only this run could
        // have placed is named in this file before it is placed.
        if let listed = Self.pendingGroup(in: directory) {
            for relative in listed {
                let id = String(relative.split(separator: "/").last ?? "")
                let onFile: Bool = try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM \"case\" WHERE id = ?)", arguments: [id]) ?? false }
                guard !onFile, let type = SyncedFiles.entryType(directory + "/" + relative) else { continue }
                if type == S_IFDIR {
                    try? remove(directory + "/" + relative)
                    done.append("removed \(relative), filed by a run that stopped before recording it")
                } else {
                    // A run places folders only: a link or a file there was put by someone else.
                    done.append("left \(relative) in place: a link or a file, not a folder a run placed")
                }
            }
            try? remove(pendingGroupPath)
        }
        // A group list that was still being written: no folder of that group was placed yet.
        try? remove(pendingGroupPath + ".new")
        guard thorough || fm.fileExists(atPath: reprocessMarker) else {
            for line in done { log("recovered", detail: line) }
            return done
        }
        let known: [String: String] = try read { db in
            Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, folder FROM \"case\"").map { ($0["id"], $0["folder"]) })
        }
        // The follow-up files the database names, by case: any other file of that shape was written by a join
        // that stopped before its commit.
        let followUpFiles: Set<String> = try read { db in
            Set(try Row.fetchAll(db, sql: "SELECT case_id, file FROM case_message WHERE role = 'follow-up'").map { ($0["case_id"] as String) + "/" + ($0["file"] as String) })
        }
        for (folder, name) in try Self.archivedFolders(in: directory) {
            let dir = directory + "/" + folder.name
            // A folder the database does not know is reported, never removed: only this store's own
            // pending group (above) is proof that a folder was a run's leftover.
            guard let owner = known[name] else {
                done.append("left \(folder.name)/\(name) in place: the database does not know it")
                continue
            }
            guard SyncedFiles.entryType(dir + "/" + name) == S_IFDIR else {
                done.append("left \(folder.name)/\(name) in place: a symbolic link or a file, not a case folder (`intake store check` reports it)")
                continue
            }
            if owner != folder.name {
                let target = directory + "/" + owner + "/" + name
                if SyncedFiles.entryType(target) == nil {
                    try SyncedFiles.rename(dir + "/" + name, target)
                    try SyncedFiles.syncDirectory(directory + "/" + owner)
                    done.append("moved \(name) back to \(owner)/")
                }
            }
            // A reprocess that stopped with its new record staged: in place if the database committed
            // that decision, else dropped (the old request.json is the database's).
            let current = directory + "/" + owner + "/" + name
            guard SyncedFiles.entryType(current) == S_IFDIR else { continue }
            for file in (try? fm.contentsOfDirectory(atPath: current)) ?? [] where CaseMessage.isFollowUpFile(file) && !followUpFiles.contains(name + "/" + file) {
                try? remove(current + "/" + file)
                done.append("removed \(owner)/\(name)/\(file), a follow-up whose join stopped before it was recorded")
            }
            if let staged = FileBytes.read(current + "/.request.json.new") {
                if try isRecordOnFile(staged, caseID: name) {
                    try SyncedFiles.rename(current + "/.request.json.new", current + "/request.json")
                    done.append("put \(owner)/\(name)/request.json in step with the database")
                } else {
                    try? remove(current + "/.request.json.new")
                }
            }
        }
        try? remove(reprocessMarker)
        for line in done { log("recovered", detail: line) }
        return done
    }
}
