import Crypto
import Foundation
import Glibc
import GRDB
import Extraction
package import RuleEngine

/// The filing store: a SQLite database of messages, cases and the audit log, beside an archive of
/// case folders (`Accepted/`, `Rejected/`, `Review/`). Writes are ordered so that a crash at any point
/// leaves nothing half-filed: the case folder is built aside, synced and renamed into place, and only
/// then is the database transaction committed; `recover()` removes what a crash left before that.
package final class CaseStore: Sendable {
    package let directory: String
    let db: DatabaseQueue
    let staged = StagedCases()
    let markers: InProgressMarkers
    var databasePath: String { directory + "/intake.sqlite" }
    var tmpDirectory: String { directory + "/.tmp" }

    package init(directory: String) throws(FilingError) {
        self.directory = directory
        markers = InProgressMarkers(directory: directory)
        // Before anything is made or chmodded there: a link planted as one of the store's folders is refused.
        try Self.refuseLinkedFolders(in: directory)
        do {
            // Private (0700): the archive holds other people's mail. A store folder that exists keeps the
            // permissions its operator gave it; the folders intake owns inside it are made private.
            let privateFolder: [FileAttributeKey: Any] = [.posixPermissions: 0o700]
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: privateFolder)
            for name in CaseFolder.all.map(\.name) + [".tmp"] {
                let path = directory + "/" + name
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: privateFolder)
                try FileManager.default.setAttributes(privateFolder, ofItemAtPath: path)
            }
        } catch {
            throw .storeUnusable(path: directory, reason: "cannot create its folders (\(error.localizedDescription))")
        }
        do {
            var config = Configuration()
            config.busyMode = .timeout(5)
            // WAL with full sync: one fsync per transaction instead of a rollback journal's several,
            // and a commit is still on disk when it returns. Set here rather than with GRDB's
            // `journalMode = .wal`, which writes (and syncs) a transaction whenever the WAL file is
            // empty: on every start, since the last close removes it, even for a poll that finds nothing.
            config.prepareDatabase { db in
                if try String.fetchOne(db, sql: "PRAGMA journal_mode") != "wal" {
                    guard try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") == "wal" else {
                        throw DatabaseError(message: "cannot use write-ahead logging (WAL) here")
                    }
                }
                try db.execute(sql: "PRAGMA synchronous = FULL")
                FaultPoint.observe(db)
            }
            db = try DatabaseQueue(path: directory + "/intake.sqlite", configuration: config)
            try Self.migrator.migrate(db)
        } catch {
            throw .database(path: directory + "/intake.sqlite", reason: "\(error)")
        }
        // A database with no case beside an archive with cases is a lost database, never "nothing on
        // file": read as empty, it would hand out the archive's case numbers again.
        let empty: Bool
        do { empty = try db.read { try !(Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM \"case\")") ?? false) } } catch {
            throw .database(path: directory + "/intake.sqlite", reason: "\(error)")
        }
        if empty, case let folders = try Self.caseFolderCount(in: directory), folders > 0 {
            throw .archiveWithoutDatabase(path: directory, folders: folders)
        }
        try refreshOrganizations()
    }

    /// How many case folders the archive holds, leaving out the folders of a group a run was placing when
    /// it died (`.pending-group`; recovery takes them out).
    package static func caseFolderCount(in directory: String) throws(FilingError) -> Int {
        let pending = Set(pendingGroup(in: directory) ?? [])
        return try archivedFolders(in: directory).filter { !pending.contains($0.folder.name + "/" + $0.name) }.count
    }

    /// The case folders in the archive, by verdict folder, each folder's in name order: every entry of a
    /// verdict folder but hidden ones (a run's own). A verdict folder that is there but cannot be listed
    /// is an error: read as empty, a lost database beside it would pass for a new store.
    static func archivedFolders(in directory: String) throws(FilingError) -> [(folder: CaseFolder, name: String)] {
        var out: [(folder: CaseFolder, name: String)] = []
        for folder in CaseFolder.all {
            let path = directory + "/" + folder.name
            guard SyncedFiles.entryType(path) != nil else { continue }
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                throw .archive(path: path, reason: "cannot list the case folders (\(error.localizedDescription)); nothing was read or changed")
            }
            out += names.filter { !$0.hasPrefix(".") }.sorted().map { (folder, $0) }
        }
        return out
    }

    /// The group of case folders being placed, by path relative to the store, while its transaction is open.
    static func pendingGroupPath(in directory: String) -> String { directory + "/.pending-group" }

    /// The folders named in `.pending-group`, relative to the store; nil when no group was being placed.
    /// Only lines of the one shape a run writes count ("Accepted/LX-2026-0001"): whatever else the file
    /// holds never names a folder for recovery to remove (a cut "Accepted" would name the whole verdict folder).
    static func pendingGroup(in directory: String) -> [String]? {
        FileBytes.read(pendingGroupPath(in: directory)).map { data in
            String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init).filter(isCaseFolderPath)
        }
    }

    /// "Accepted/LX-2026-0001": a verdict folder, then a case id.
    static func isCaseFolderPath(_ relative: String) -> Bool {
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && CaseFolder(named: String(parts[0])) != nil && isCaseID(parts[1])
    }

    /// "LX-2026-0001": LX, a four-digit year, a number of at least four digits.
    static func isCaseID(_ name: Substring) -> Bool { CaseReference.isCaseID(name) }

    /// Takes the store's lock; a second run on the same store gets `FilingError.locked` at once.
    package func lock() throws(FilingError) -> StoreLock {
        try StoreLock(path: directory + "/lock")
    }

    // MARK: - Questions

    /// Whether this raw message (by SHA-256) or this source message (by source id) is already on file.
    package func isKnown(sha256: String, source: String, sourceID: String) throws(FilingError) -> Bool {
        if stagedCase(sha256: sha256, source: source, sourceID: sourceID) != nil { return true }
        return try query { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS(SELECT 1 FROM message WHERE sha256 = ? OR (source = ? AND source_id = ?))
                """), arguments: [sha256, source, sourceID]) ?? false
        }
    }

    /// The folder of the case that holds a message already seen (by its bytes or its source id).
    package func folderOfKnownMessage(sha256: String, source: String, sourceID: String) throws(FilingError) -> String? {
        if let c = stagedCase(sha256: sha256, source: source, sourceID: sourceID) { return c.record.folder.name }
        return try query { db in
            // Through case_message: a follow-up is on file in the case it joined.
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT c.folder FROM message m JOIN case_message cm ON cm.message_sha256 = m.sha256 JOIN "case" c ON c.id = cm.case_id
                WHERE m.sha256 = ? OR (m.source = ? AND m.source_id = ?) LIMIT 1
                """), arguments: [sha256, source, sourceID])
        }
    }

    /// Whether a message with this Message-ID from this source is on file (the same message come back).
    package func isMessageIDOnFile(_ messageID: String, source: String) throws(FilingError) -> Bool {
        if stagedCase(messageID: messageID, source: source) != nil { return true }
        return try query { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS(SELECT 1 FROM message WHERE message_id = ? AND source = ?)"),
                              arguments: [messageID, source]) ?? false
        }
    }

    package func folderOfKnownMessage(messageID: String, source: String) throws(FilingError) -> String? {
        if let c = stagedCase(messageID: messageID, source: source) { return c.record.folder.name }
        return try query { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT c.folder FROM message m JOIN case_message cm ON cm.message_sha256 = m.sha256 JOIN "case" c ON c.id = cm.case_id
                WHERE m.message_id = ? AND m.source = ? LIMIT 1
                """), arguments: [messageID, source])
        }
    }

    /// Whether a case from this organization is on file. With `filedBefore`, only cases filed before
    /// that case count (by case number, the order cases were filed in): a case decided again sees what
    /// its first decision saw, never a later request. Cases staged and not yet committed count, as
    /// filed after every case on file.
    package func isOrganizationOnFile(_ organization: OrganizationDomain, filedBefore caseID: String? = nil) throws(FilingError) -> Bool {
        if caseID == nil, staged.first(where: { $0.organization == organization }) != nil { return true }
        return try query { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS(SELECT 1 FROM "case" WHERE organization_domain = ?1
                    AND (?2 IS NULL OR (year, seq) < (SELECT year, seq FROM "case" WHERE id = ?2)))
                """), arguments: [organization.name, caseID]) ?? false
        }
    }

    package func allCases() throws(FilingError) -> [CaseRecord] {
        try read { db in try Row.fetchAll(db, sql: Self.caseSelect + " ORDER BY c.year, c.seq").map(self.record) }
    }

    package func caseRecord(id: String) throws(FilingError) -> CaseRecord? {
        try read { db in try Row.fetchOne(db, sql: Self.caseSelect + " WHERE c.id = ?", arguments: [id]).map(self.record) }
    }

    /// The case for a case id, a Message-ID (with or without angle brackets) or a raw message's SHA-256,
    /// of its request or of a follow-up that joined it.
    package func findCase(_ reference: String) throws(FilingError) -> CaseRecord? {
        let bracketed = reference.hasPrefix("<") ? reference : "<\(reference)>"
        return try read { db in
            try Row.fetchOne(db, sql: Self.caseSelect + """
                 WHERE c.id = ?1 COLLATE NOCASE OR c.id = (SELECT cm.case_id FROM message f JOIN case_message cm ON cm.message_sha256 = f.sha256
                    WHERE f.message_id = ?2 OR f.message_id = ?1 OR f.sha256 = ?1 LIMIT 1) LIMIT 1
                """, arguments: [reference, bracketed]).map(self.record)
        }
    }

    package func history(of caseID: String) throws(FilingError) -> [CaseHistoryEntry] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM case_history WHERE case_id = ? ORDER BY id", arguments: [caseID]).map { row in
                CaseHistoryEntry(decidedAt: row["decided_at"], verdict: Verdict(named: row["verdict"]) ?? .review,
                                 findings: Self.decode([Finding].self, row["findings"]) ?? [], rulesVersion: row["rules_version"])
            }
        }
    }

    package func events(of caseID: String) throws(FilingError) -> [CaseEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM event WHERE case_id = ? ORDER BY id", arguments: [caseID]).map(Self.event)
        }
    }

    package func allEvents() throws(FilingError) -> [CaseEvent] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM event ORDER BY id").map(Self.event) }
    }

    /// The raw message of a case, byte for byte as it arrived.
    /// Nil when it is missing, or a link (the case folder or the file): never read through a link.
    package func rawMessage(of record: CaseRecord) -> [UInt8]? {
        guard SyncedFiles.entryType(record.path) == S_IFDIR else { return nil }
        return FileBytes.read(record.path + "/message.eml")
    }

    /// Appends a line to the audit log that belongs to no case (a source error, a skipped duplicate).
    /// Best effort: it is written while another failure is being reported, which its caller reports
    /// anyway (to the log and the exit status); a database that cannot take the line must not hide that one.
    package func log(_ kind: String, sha256: String? = nil, detail: String) {
        _ = try? db.write { db in
            try db.execute(sql: "INSERT INTO event (at, kind, message_sha256, detail) VALUES (?, ?, ?, ?)",
                           arguments: [Self.now(), kind, sha256, detail])
        }
    }

    /// What a source recorded about where it got to (opaque to the store).
    /// A database that cannot say is an error, never "no state": that would start the source over.
    package func sourceState(_ source: String) throws(FilingError) -> String? {
        try query { db in try String.fetchOne(db, sql: "SELECT state FROM source_state WHERE source = ?", arguments: [source]) }
    }

    package func setSourceState(_ source: String, _ state: String) throws(FilingError) {
        do {
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO source_state (source, state, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(source) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
                    """, arguments: [source, state, Self.now()])
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
    }

    package static func sha256(_ bytes: [UInt8]) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lower-case hex of a digest, without a formatter per byte.
    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: - Helpers

    /// Removes a file or folder of the store without following any link (`SyncedFiles.remove`).
    func remove(_ path: String) throws(FilingError) {
        try SyncedFiles.remove(path, under: directory)
    }

    func stagedCase(sha256: String, source: String, sourceID: String) -> StagedCase? {
        staged.first { $0.record.messageSHA256 == sha256 || ($0.record.source == source && $0.record.sourceID == sourceID) }
    }

    func stagedCase(messageID: String, source: String) -> StagedCase? {
        staged.first { $0.record.messageID == messageID && $0.record.source == source }
    }

    /// One-statement questions asked for every message: no read transaction around them (GRDB's
    /// `read` adds one, and switches the connection read-only and back, four statements more).
    func query<T>(_ body: (Database) throws -> T) throws(FilingError) -> T {
        do { return try db.inDatabase(body) } catch { throw .database(path: databasePath, reason: "\(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws(FilingError) -> T {
        do { return try db.read(body) } catch { throw .database(path: databasePath, reason: "\(error)") }
    }

    static let caseSelect = """
        SELECT c.*, m.source, m.source_id, m.message_id FROM "case" c JOIN message m ON m.sha256 = c.message_sha256
        """

    func record(_ row: Row) -> CaseRecord {
        let folder = CaseFolder(named: row["folder"]) ?? .review
        let id: String = row["id"]
        return CaseRecord(
            id: id, verdict: Verdict(named: row["verdict"]) ?? .review, folder: folder,
            fields: Self.decode(RequestFields.self, row["fields"]) ?? RequestFields(),
            findings: Self.decode([Finding].self, row["findings"]) ?? [],
            rulesVersion: row["rules_version"], sender: row["sender"], senderDomain: row["sender_domain"],
            subject: row["subject"], messageID: row["message_id"], messageSHA256: row["message_sha256"],
            source: row["source"], sourceID: row["source_id"], createdAt: row["created_at"], updatedAt: row["updated_at"],
            path: directory + "/" + folder.name + "/" + id,
            state: CaseState(named: row["state"]) ?? .decidedByRules, personDecision: Self.personDecision(row))
    }

    /// The person's decision the database holds for a case row; nil while the rules alone decided it.
    static func personDecision(_ row: Row) -> PersonDecision? {
        let state: String = row["state"]
        guard state != CaseState.decidedByRules.name else { return nil }
        return PersonDecision(state: state, decision: row["decision"], by: row["decided_by"], note: row["decision_note"], at: row["decided_at"])
    }

    static func event(_ row: Row) -> CaseEvent {
        CaseEvent(at: row["at"], kind: row["kind"], caseID: row["case_id"], detail: row["detail"] ?? "", by: row["actor"])
    }

    /// Nil when the stored text does not decode: only for showing a case, never for deciding one.
    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// The database's text of a request and of its findings: what request.json holds (`CaseJSON`).
    static func text(_ fields: RequestFields) -> String { String(decoding: CaseJSON.request(fields), as: UTF8.self) }
    static func text(_ findings: [Finding]) -> String { String(decoding: CaseJSON.findings(findings), as: UTF8.self) }

    static func now() -> String { Timestamp.now() }
}
