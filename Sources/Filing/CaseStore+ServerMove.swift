import GRDB

/// A case from IMAP whose copy on the server is not yet in the case's folder: the copy is in
/// `Intake/<from>` as far as intake knows, and belongs in `Intake/<to>`. The store keeps it from the
/// change that made it (a person's decision, a reprocess) until the server's copy is moved.
package struct ServerMove: Sendable, Equatable {
    package var caseID: String
    /// The source the case came from (`imap://user@host:port/MAILBOX`): only that mailbox's server holds the copy.
    package var source: String
    package var from: CaseFolder
    package var to: CaseFolder
    package var messageID: String?
    package var messageSHA256: String
    /// The raw message's size in bytes.
    package var size: Int
    /// Why the last attempt did not move it; nil before any attempt failed.
    package var lastReason: String?
    /// When the change that made it was recorded (the latest, when a second change retargeted it).
    package var since: String
}

extension CaseStore {
    /// Inside the transaction that moves a case to `folder`: its server copy is to follow. A move still
    /// pending keeps where the copy is (its `from`) and takes the new target; a target that is where the
    /// copy is leaves nothing to do.
    static func noteServerMove(_ db: Database, _ existing: CaseRecord, to folder: CaseFolder, at now: String) throws {
        guard existing.source.hasPrefix("imap://") else { return }
        if let from = try String.fetchOne(db, sql: "SELECT from_folder FROM server_move WHERE case_id = ?", arguments: [existing.id]) {
            if from == folder.name {
                try db.execute(sql: "DELETE FROM server_move WHERE case_id = ?", arguments: [existing.id])
            } else {
                try db.execute(sql: "UPDATE server_move SET to_folder = ?, since = ? WHERE case_id = ?",
                               arguments: [folder.name, now, existing.id])
            }
        } else if folder != existing.folder {
            try db.execute(sql: "INSERT INTO server_move (case_id, from_folder, to_folder, since) VALUES (?, ?, ?, ?)",
                           arguments: [existing.id, existing.folder.name, folder.name, now])
        }
    }

    /// Server copies waiting to be moved, oldest first: of one source's cases, or of one case. A case's move
    /// is one per message of it that its mailbox holds (the request, then each follow-up that joined it from
    /// the same mailbox): all of a case's copies follow it, and the move is settled once they have.
    package func pendingServerMoves(source: String? = nil, caseID: String? = nil) throws(FilingError) -> [ServerMove] {
        try query { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT s.case_id, s.from_folder, s.to_folder, s.last_reason, s.since, m.source, m.message_id, m.sha256, m.size
                FROM server_move s JOIN "case" c ON c.id = s.case_id JOIN message o ON o.sha256 = c.message_sha256
                    JOIN case_message cm ON cm.case_id = s.case_id JOIN message m ON m.sha256 = cm.message_sha256 AND m.source = o.source
                WHERE (?1 IS NULL OR m.source = ?1) AND (?2 IS NULL OR s.case_id = ?2)
                ORDER BY s.since, s.case_id, cm.added_at, cm.rowid
                """), arguments: [source, caseID]).compactMap { row in
                guard let from = CaseFolder(named: row["from_folder"]), let to = CaseFolder(named: row["to_folder"]) else { return nil }
                return ServerMove(caseID: row["case_id"], source: row["source"], from: from, to: to, messageID: row["message_id"],
                                  messageSHA256: row["sha256"], size: row["size"], lastReason: row["last_reason"], since: row["since"])
            }
        }
    }

    /// The move is over (done, or nothing is left to move): it is no longer pending, and the case's log says
    /// what became of the copy (`kind`: imap-moved, imap-not-moved). The case's request.json no longer
    /// records it (`ServerMove.key`), so a rebuilt store does not wait for it again.
    package func settleServerMove(_ move: ServerMove, kind: String, detail: String) throws(FilingError) {
        do {
            try db.write { db in
                try db.execute(sql: "DELETE FROM server_move WHERE case_id = ? AND to_folder = ?", arguments: [move.caseID, move.to.name])
                try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, ?, ?, ?, ?)",
                               arguments: [Self.now(), kind, move.caseID, move.messageSHA256, detail])
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
        forgetRecordedServerMove(caseFolder: directory + "/" + move.to.name + "/" + move.caseID)
    }

    /// The move failed and stays pending; the case's log says why ("IMAP copy not moved: …"), once per
    /// reason, so a server down for a day does not write a line every pass.
    package func serverMoveFailed(_ move: ServerMove, reason: String) throws(FilingError) {
        do {
            try db.write { db in
                try db.execute(sql: "UPDATE server_move SET last_reason = ? WHERE case_id = ?", arguments: [reason, move.caseID])
                guard move.lastReason != reason else { return }
                try db.execute(sql: "INSERT INTO event (at, kind, case_id, message_sha256, detail) VALUES (?, 'imap-move-pending', ?, ?, ?)",
                               arguments: [Self.now(), move.caseID, move.messageSHA256,
                                           "IMAP copy not moved: \(reason); the next poll or watch on \(move.source) moves it from \(move.from.name)/ to \(move.to.name)/"])
            }
        } catch {
            throw .database(path: databasePath, reason: "\(error)")
        }
    }
}
