import Foundation
import Glibc
import GRDB
import Extraction
import RuleEngine

/// What `CaseStore.rebuild` did.
package struct RebuildReport: Sendable {
    /// How many cases the new database holds.
    package var cases: Int
    /// Where the database that was there before went (kept, never deleted); nil when there was none.
    package var setAside: String?
    /// Case folders left out, and why; cases whose filing facts were not in request.json.
    package var notes: [String]
}

extension CaseStore {
    /// Makes the database again from the archive, for when it was lost: each case folder's message.eml
    /// and request.json hold the case (its decision, and under `"filed"` its number's source, times and
    /// rules version). A database that holds cases is refused unless `replacing`; whatever database is
    /// there is kept beside, as `intake.sqlite.replaced-<time>`, never deleted. The new database is
    /// built aside and renamed into place, so a run stopped half-way leaves the old one or none.
    /// The case history and the audit log lived only in the database: each case's log starts again
    /// with a `rebuilt` line. Sent replies come back from each case folder's `replies/` (as sent, their
    /// Sent-folder copy to be checked); replies not yet sent lived only in the database (CaseStore+ReplyArchive).
    /// A server copy waiting to move comes back from request.json's `serverMove` (ServerMove+Record).
    package static func rebuild(directory: String, replacing: Bool) throws(FilingError) -> RebuildReport {
        try refuseLinkedFolders(in: directory)
        let lock = try StoreLock(path: directory + "/lock")
        defer { lock.release() }
        let database = directory + "/intake.sqlite"
        if FileManager.default.fileExists(atPath: database), !replacing {
            let count = try? casesIn(database)
            if count != 0 { throw .rebuildRefused(path: database, cases: count ?? nil) }
        }
        // What a run stopped half-way left: staging folders and the pending group are the archive's now
        // (the group's folders were complete on disk before they were placed), a reprocess's waiting
        // record goes (request.json is the decision the archive holds).
        var notes: [String] = []
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/.tmp")) ?? [] {
            try SyncedFiles.remove(directory + "/.tmp/" + leftover, under: directory)
        }
        var rows: [RebuiltCase] = []
        var seen: [String: String] = [:]
        for (folder, name) in try archivedFolders(in: directory) {
            let relative = folder.name + "/" + name
            switch RebuiltCase.read(directory: directory, folder: folder, name: name) {
            case .failure(let why):
                notes.append("left out \(relative): \(why)")
            case .success(let c):
                if let other = seen[c.sha256] {
                    notes.append("left out \(relative): it holds the same message as \(other)")
                    continue
                }
                seen[c.sha256] = relative
                notes += c.replyNotes
                var c = c
                // A follow-up held by another case already stays with that one: a message is in one case only.
                c.followUps = c.followUps.filter { f in
                    if let other = seen[f.message.sha256] {
                        notes.append("\(relative): follow-up \(f.message.file) left out, it is the same message as \(other)'s")
                        return false
                    }
                    seen[f.message.sha256] = relative
                    return true
                }
                notes += c.followUpNotes.map { "\(relative): \($0)" }
                if !c.hadFacts { notes.append("\(relative): request.json has no filing facts (filed by an older intake): source, times and rules version unknown") }
                if CaseFolder(verdict: c.verdict) != folder {
                    notes.append("\(relative): request.json says \(c.verdict.name); the case is kept where it is, as \(folder.name)")
                }
                if let waiting = c.waitingServerMove {
                    notes.append("\(relative): its IMAP copy waits to move from \(waiting.from.name)/ to \(folder.name)/, as request.json records;"
                        + " the next poll or watch on \(c.facts.source) moves it")
                }
                try? SyncedFiles.remove(directory + "/" + relative + "/.request.json.new", under: directory)
                rows.append(c)
            }
        }
        rows.sort { ($0.year, $0.seq) < ($1.year, $1.seq) }
        let building = database + ".rebuilding"
        for suffix in ["", "-journal", "-wal", "-shm"] { try SyncedFiles.remove(building + suffix, under: directory) }
        do {
            let queue = try DatabaseQueue(path: building)
            try migrator.migrate(queue)
            try queue.write { db in
                try insertRebuilt(rows, into: db)
                try fillOrganizations(db)
            }
            try queue.close()
        } catch {
            throw .database(path: building, reason: "\(error)")
        }
        var aside: String? = nil
        if ["", "-wal", "-shm"].contains(where: { SyncedFiles.entryType(database + $0) != nil }) {
            let name = database + ".replaced-" + Timestamp.now().filter { $0.isNumber }
            // The write-ahead log and its index go with their database: left beside the new one, SQLite
            // would read them as its own.
            for suffix in ["-wal", "-shm", ""] where SyncedFiles.entryType(database + suffix) != nil {
                try SyncedFiles.rename(database + suffix, name + suffix)
            }
            aside = name
        }
        try SyncedFiles.rename(building, database)
        try SyncedFiles.syncDirectory(directory)
        for marker in [pendingGroupPath(in: directory), directory + "/.reprocessing"] { try SyncedFiles.remove(marker, under: directory) }
        return RebuildReport(cases: rows.count, setAside: aside, notes: notes)
    }

    /// How many cases a database holds; nil when it cannot be read.
    private static func casesIn(_ path: String) throws -> Int? {
        var config = Configuration()
        config.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: config)
        defer { try? queue.close() }
        return try queue.read { db in
            guard try db.tableExists("case") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"case\"")
        }
    }

    private static func insertRebuilt(_ rows: [RebuiltCase], into db: Database) throws {
        let now = Timestamp.now()
        for c in rows {
            try db.execute(sql: """
                INSERT INTO message (sha256, source, source_id, message_id, size, received_at, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.sha256, c.facts.source, c.facts.sourceId, c.messageID, c.size, c.facts.receivedAt, c.facts.filedAt])
            try db.execute(sql: """
                INSERT INTO "case" (id, year, seq, message_sha256, verdict, folder, sender, sender_domain, subject,
                    organization, fields, findings, rules_version, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.facts.caseId, c.year, c.seq, c.sha256, c.verdict.name, c.folder.name, c.sender, c.senderDomain,
                                 c.subject, decode(RequestFields.self, c.fields)?.organization, c.fields, c.findings,
                                 c.facts.rulesVersion, c.facts.filedAt, c.facts.updatedAt])
            try db.execute(sql: CaseMessage.insertSQL, arguments: [c.sha256, c.facts.caseId, CaseMessage.Role.original.rawValue,
                                                                   CaseMessage.originalFile, c.sender, c.subject, c.facts.filedAt, nil])
            for f in c.followUps {
                let m = f.message
                try db.execute(sql: """
                    INSERT INTO message (sha256, source, source_id, message_id, size, received_at, first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [m.sha256, m.source, m.sourceID, m.messageID, f.size, m.receivedAt, m.addedAt])
                try db.execute(sql: CaseMessage.insertSQL, arguments: [m.sha256, c.facts.caseId, m.role.rawValue, m.file, m.from, m.subject,
                                                                       m.addedAt, m.afterDecision])
            }
            if let d = c.decision {
                try db.execute(sql: """
                    UPDATE "case" SET state = ?, decision = ?, decided_by = ?, decision_note = ?, decided_at = ? WHERE id = ?
                    """, arguments: [d.state, d.decision, d.by, d.note, d.at, c.facts.caseId])
            }
            if let waiting = c.waitingServerMove {
                try db.execute(sql: "INSERT INTO server_move (case_id, from_folder, to_folder, since) VALUES (?, ?, ?, ?)",
                               arguments: [c.facts.caseId, waiting.from.name, c.folder.name, waiting.since ?? now])
            }
            try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, 'rebuilt', ?, ?, ?)",
                           arguments: [now, c.facts.caseId, c.sha256, "from \(c.folder.name)/\(c.facts.caseId) (the database was lost; earlier history and log with it)"])
            try insertRebuiltReplies(c.replies, into: db, at: now)
        }
    }

    /// The store's own folders must be folders, not links: a clean-up or a chmod through a link would
    /// reach outside the store.
    static func refuseLinkedFolders(in directory: String) throws(FilingError) {
        for name in CaseFolder.all.map(\.name) + [".tmp"] {
            var st = stat()
            guard lstat(directory + "/" + name, &st) == 0 else { continue }
            if st.st_mode & S_IFMT != S_IFDIR {
                throw .storeUnusable(path: directory, reason: "\(name) is \(st.st_mode & S_IFMT == S_IFLNK ? "a symbolic link" : "not a folder"); "
                    + "intake never follows a link inside its store — make it a folder of the store (move what it points to in its place)")
            }
        }
    }
}

/// One case read back from its folder.
struct RebuiltCase {
    var folder: CaseFolder
    var year: Int
    var seq: Int
    var sha256: String
    var size: Int
    var verdict: Verdict
    var messageID: String?
    var sender: String?
    var senderDomain: String?
    var subject: String?
    var fields: String
    var findings: String
    var facts: FiledFacts
    var hadFacts: Bool
    /// A person's decision, as request.json carries it.
    var decision: PersonDecision?
    /// The server move request.json records as waiting (`ServerMove.key`).
    var recordedServerMove: (from: CaseFolder, since: String?)?
    /// The sent replies its `replies/` holds, and what of it was left out.
    var replies: [ReplyRecord] = []
    var replyNotes: [String] = []
    /// The follow-ups request.json lists whose file is in the folder with the bytes it names.
    var followUps: [(message: CaseMessage, size: Int)] = []
    /// Follow-ups listed and left out, and why.
    var followUpNotes: [String] = []

    /// The move the rebuilt store waits for: the one request.json records, for a case from IMAP whose copy
    /// is elsewhere than the folder the case is kept in (that folder is the target, as for any case).
    var waitingServerMove: (from: CaseFolder, since: String?)? {
        guard facts.source.hasPrefix("imap://"), let recorded = recordedServerMove, recorded.from != folder else { return nil }
        return recorded
    }

    static func read(directory: String, folder: CaseFolder, name: String) -> Result<RebuiltCase, RebuildSkip> {
        let path = directory + "/" + folder.name + "/" + name
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return .failure("not a folder (a link or a file)") }
        let parts = name.split(separator: "-")
        guard parts.count == 3, parts[0] == "LX", let year = Int(parts[1]), let seq = Int(parts[2]) else {
            return .failure("not a case number (LX-year-number)")
        }
        guard let raw = FileBytes.read(path + "/message.eml") else { return .failure("no message.eml (or a link)") }
        guard let record = FileBytes.read(path + "/request.json"),
              let object = try? JSONSerialization.jsonObject(with: Data(record)) as? [String: Any],
              let verdictName = object["verdict"] as? String, let verdict = Verdict(named: verdictName) else {
            return .failure("no readable request.json with a verdict (or a link)")
        }
        let sha = CaseStore.sha256(raw)
        let from = object["from"] as? String
        let stored = JSONMember.text(of: FiledFacts.key, in: record).flatMap { CaseStore.decode(FiledFacts.self, $0) }
        let mtime = Timestamp.string(epochSeconds: Int(st.st_mtim.tv_sec))
        var facts = stored ?? FiledFacts(caseId: name, source: "archive", sourceId: "sha256:" + sha, receivedAt: nil,
                                         filedAt: mtime, updatedAt: mtime, rulesVersion: "unknown")
        facts.caseId = name
        let request = JSONMember.text(of: "request", in: record)
        let (replies, replyNotes) = CaseStore.archivedReplies(in: path, caseID: name)
        var followUps: [(message: CaseMessage, size: Int)] = []
        var followUpNotes: [String] = []
        for item in object[CaseMessage.followUpsKey] as? [[String: Any]] ?? [] {
            guard let file = item["file"] as? String, CaseMessage.isFollowUpFile(file), let raw = FileBytes.read(path + "/" + file) else {
                followUpNotes.append("a follow-up request.json lists (\(item["file"] as? String ?? "no file")) is missing or not a follow-up's file; left out")
                continue
            }
            let sha = CaseStore.sha256(raw)
            guard sha == item["sha256"] as? String else {
                followUpNotes.append("follow-up \(file) is not the message request.json names (its SHA-256 differs); left out")
                continue
            }
            let addedAt = item["addedAt"] as? String ?? Timestamp.string(epochSeconds: Int(st.st_mtim.tv_sec))
            followUps.append((CaseMessage(sha256: sha, role: .followUp, file: file, messageID: item["messageId"] as? String,
                                          from: item["from"] as? String, subject: item["subject"] as? String,
                                          source: item["source"] as? String ?? "archive", sourceID: item["sourceId"] as? String ?? "sha256:" + sha,
                                          receivedAt: item["receivedAt"] as? String, addedAt: addedAt,
                                          afterDecision: item["afterDecision"] as? String), raw.count))
        }
        return .success(RebuiltCase(
            folder: folder, year: year, seq: seq, sha256: sha, size: raw.count, verdict: verdict,
            messageID: object["messageId"] as? String, sender: from,
            senderDomain: from.flatMap { address in address.lastIndex(of: "@").map { address[address.index(after: $0)...].lowercased() } },
            subject: object["subject"] as? String,
            fields: request == "null" || request == nil ? CaseStore.text(RequestFields()) : request!,
            findings: JSONMember.text(of: "findings", in: record) ?? "[]", facts: facts, hadFacts: stored != nil,
            decision: CaseStore.recordedDecision(in: record), recordedServerMove: ServerMove.recorded(in: record),
            replies: replies, replyNotes: replyNotes,
            followUps: followUps, followUpNotes: followUpNotes))
    }
}

struct RebuildSkip: Error, ExpressibleByStringLiteral, CustomStringConvertible {
    var description: String
    init(stringLiteral value: String) { description = value }
}
