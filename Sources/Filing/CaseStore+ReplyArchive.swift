import Foundation
import Glibc
import GRDB
import JSONOutput

/// A sent reply's copy in its case folder: `replies/rN.eml` (the bytes as sent) and `replies/rN.json` (its
/// columns). The archive then holds what was said to the requester beside what they sent, and `store rebuild`
/// reads it back, so a lost database does not forget a reply went (and a follow-up still joins its case).
/// Only sent replies are copied: a held, queued or failed reply lives only in the database, so a rebuilt
/// store starts without them (the decision that made them is in request.json; a person sends again with a
/// new decision), and a reply that was being sent when the database was lost is not known to have gone.
extension CaseStore {
    static let repliesFolder = "replies"

    func archiveSentReply(_ r: ReplyRecord) throws(FilingError) {
        guard let c = try caseRecord(id: r.caseID) else { throw .caseNotFound(r.caseID) }
        // Written into: a link there would take the copy outside the store.
        guard SyncedFiles.entryType(c.path) == S_IFDIR else {
            throw .archive(path: c.path, reason: "the case folder is missing or not a folder; `intake store check` reports it")
        }
        let folder = c.path + "/" + Self.repliesFolder
        try SyncedFiles.makeDirectory(folder)
        guard SyncedFiles.entryType(folder) == S_IFDIR else { throw .archive(path: folder, reason: "not a folder (a link or a file)") }
        let name = folder + "/r\(r.sequence)"
        let facts = ReplyJSON.archived(r)
        // Each whole or absent: written aside, synced, renamed. The message first: its facts name it.
        for (bytes, path) in [(r.reply.bytes, name + ".eml"), (facts, name + ".json")] {
            try SyncedFiles.write(bytes, to: path + ".new")
            try SyncedFiles.rename(path + ".new", path)
        }
        try SyncedFiles.syncDirectory(folder)
    }

    /// The sent replies a case folder's `replies/` holds; a pair that does not read whole, or does not
    /// belong to `caseID`, is left out with why.
    static func archivedReplies(in casePath: String, caseID: String) -> (replies: [ReplyRecord], notes: [String]) {
        let folder = casePath + "/" + repliesFolder
        guard SyncedFiles.entryType(folder) == S_IFDIR, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return ([], []) }
        var out: [ReplyRecord] = []
        var notes: [String] = []
        for name in names.filter({ $0.hasSuffix(".json") }).sorted() {
            let base = String(name.dropLast(5))
            guard let json = FileBytes.read(folder + "/" + name),
                  let o = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
                  let messageID = o["messageId"] as? String, let sequence = o["sequence"] as? Int,
                  let bytes = FileBytes.read(folder + "/" + base + ".eml") else {
                notes.append("\(caseID)/replies/\(base): not read (its .json or .eml is missing, a link or not readable)")
                continue
            }
            let reply = OutgoingReply(messageID: messageID, caseID: caseID, kind: o["kind"] as? String ?? "unknown",
                                      recipient: o["recipient"] as? String ?? "", sender: o["sender"] as? String ?? "",
                                      subject: o["subject"] as? String ?? "", language: o["language"] as? String ?? "",
                                      bytes: bytes)
            guard (try? checkReplyID(reply)) == sequence else {
                notes.append("\(caseID)/replies/\(base): its Message-ID \(messageID) is not reply \(sequence) of \(caseID); left out")
                continue
            }
            let sentAt = o["sentAt"] as? String
            out.append(ReplyRecord(reply: reply, sequence: sequence, state: .sent, attempts: 0, nextAttemptAt: nil, lastError: nil,
                                   createdAt: o["createdAt"] as? String ?? sentAt ?? Timestamp.now(), sentAt: sentAt, copiedAt: nil))
        }
        return (out, notes)
    }

    /// A rebuilt store's replies: the sent ones its case folders hold, as sent. Their Sent-folder copy is
    /// unknown (`copied_at` empty): the dispatcher looks for each there by Message-ID and appends only a
    /// missing one, never sending anything again.
    static func insertRebuiltReplies(_ replies: [ReplyRecord], into db: Database, at now: String) throws {
        for r in replies {
            try db.execute(sql: """
                INSERT INTO reply (message_id, case_id, sequence, kind, recipient, sender, subject, language, bytes, state, created_at, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent', ?, ?)
                """, arguments: [r.messageID, r.caseID, r.sequence, r.reply.kind, r.reply.recipient, r.reply.sender, r.reply.subject,
                                 r.reply.language, Data(r.reply.bytes), r.createdAt, r.sentAt])
            try logReply(db, r.caseID, "rebuilt", "reply <\(r.messageID)> to \(r.reply.recipient), sent \(r.sentAt ?? "at an unknown time"), "
                + "from the case folder's replies/", at: now)
        }
    }
}
