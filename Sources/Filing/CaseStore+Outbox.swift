import Foundation
import Glibc
import GRDB
import JSONOutput

/// A reply to record with the decision that caused it, and whether it waits for a person.
package struct PendingReply: Sendable, Equatable {
    package var reply: OutgoingReply
    package var held: Bool

    package init(_ reply: OutgoingReply, held: Bool) {
        self.reply = reply
        self.held = held
    }
}

/// What a decision does about its requester: a reply, recorded in the decision's own transaction, or
/// why it makes none (the loop guard's reason, no address to answer), said in the case's log.
package enum DecisionReply: Sendable, Equatable {
    case reply(PendingReply)
    case withheld(reason: String)
}

/// The outbox: replies recorded before they are sent, each change committed and written to the case's
/// audit log (reply-recorded, reply-held, reply-sending, reply-sent, reply-retry, reply-failed,
/// reply-dropped, reply-sent-by-hand, reply-copied, reply-copy-failed). The dispatcher (module Outbox)
/// drives the states; a person's commands release or drop a reply.
extension CaseStore {
    // MARK: - Recording

    /// The number the next reply of a case takes (1, 2, …), counting replies staged with a case not yet committed.
    package func nextReplySequence(caseID: String) throws(FilingError) -> Int {
        // Staged replies read in the same access as the database: a group committing meanwhile counts once.
        try query { db in
            let staged = staged.first { $0.record.id == caseID }.map { if case .reply? = $0.answer { 1 } else { 0 } } ?? 0
            let onFile = try Int.fetchOne(db, sql: "SELECT MAX(sequence) FROM reply WHERE case_id = ?", arguments: [caseID]) ?? 0
            return onFile + staged + 1
        }
    }

    /// Records a reply in a transaction of its own (a caller with no decision of its own to join).
    @discardableResult
    package func recordReply(_ pending: PendingReply) throws(FilingError) -> ReplyRecord {
        try write { db in try Self.insertReply(db, pending, at: Self.now()) }
        guard let record = try reply(messageID: pending.reply.messageID) else { throw .replyNotFound(pending.reply.messageID) }
        return record
    }

    /// Inside a transaction: the reply's row and its log lines. Its Message-ID must be one
    /// `CaseReference.replyMessageID` wrote for its case; its number is taken from there.
    static func insertReply(_ db: Database, _ pending: PendingReply, at now: String) throws {
        let r = pending.reply
        let sequence = try checkReplyID(r)
        try db.execute(sql: """
            INSERT INTO reply (message_id, case_id, sequence, kind, recipient, sender, subject, language, bytes, state, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [r.messageID, r.caseID, sequence, r.kind, r.recipient, r.sender, r.subject, r.language, Data(r.bytes),
                             (pending.held ? ReplyState.held : .queued).rawValue, now])
        try logReply(db, r.caseID, "reply-recorded", "\(r.kind) reply \(sequence) to \(r.recipient) in \(r.language), <\(r.messageID)>", at: now)
        if pending.held {
            try logReply(db, r.caseID, "reply-held", "<\(r.messageID)> waits for a person (`intake replies send` or `replies drop`)", at: now)
        }
    }

    @discardableResult
    static func checkReplyID(_ r: OutgoingReply) throws(FilingError) -> Int {
        guard let named = CaseReference.caseID(inReplyMessageID: r.messageID), named.caseID == r.caseID,
              !r.messageID.hasPrefix("<") else {
            throw .replyMessageID(messageID: r.messageID, caseID: r.caseID)
        }
        return named.sequence
    }

    // MARK: - Questions

    package func reply(messageID: String) throws(FilingError) -> ReplyRecord? {
        let id = Self.bare(messageID)
        return try read { db in try Row.fetchOne(db, sql: "SELECT * FROM reply WHERE message_id = ?", arguments: [id]).map(Self.replyRecord) }
    }

    /// The replies a reference names: a reply's Message-ID (with or without angle brackets), or a case id
    /// (all its replies, in order).
    package func findReplies(_ reference: String) throws(FilingError) -> [ReplyRecord] {
        let id = Self.bare(reference)
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reply WHERE message_id = ?1 OR case_id = ?1 COLLATE NOCASE ORDER BY case_id, sequence",
                             arguments: [id]).map(Self.replyRecord)
        }
    }

    /// Every reply (in one state when given), oldest first.
    package func allReplies(state: ReplyState? = nil) throws(FilingError) -> [ReplyRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reply WHERE ?1 IS NULL OR state = ?1 ORDER BY created_at, case_id, sequence",
                             arguments: [state?.rawValue]).map(Self.replyRecord)
        }
    }

    /// Queued replies whose time has come (`now`, ISO 8601 UTC), oldest first.
    package func dueReplies(now: String) throws(FilingError) -> [ReplyRecord] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM reply WHERE state = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
                ORDER BY created_at, case_id, sequence
                """, arguments: [now]).map(Self.replyRecord)
        }
    }

    /// Sent replies whose copy the Sent folder has not yet got.
    package func repliesToCopy() throws(FilingError) -> [ReplyRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reply WHERE state = 'sent' AND copied_at IS NULL ORDER BY sent_at, message_id")
                .map(Self.replyRecord)
        }
    }

    /// How many replies went, or are on their way (queued or being sent), to an address since a time
    /// (ISO 8601 UTC, e.g. today's midnight): the loop guard's daily count per sender. Replies on their way
    /// count so a burst of messages from one robot is not answered past the limit before any is sent.
    /// Addresses compare without regard to case.
    /// Replies staged with cases not yet committed count too (queued ones: a held reply goes only when a person says so).
    package func repliesSent(to address: String, since: String) throws(FilingError) -> Int {
        // Staged replies read in the same access as the database: a group committing meanwhile counts once.
        try query { db in
            let staged = staged.replies().filter { !$0.held && $0.reply.recipient.lowercased() == address.lowercased() }.count
            let onFile = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM reply WHERE recipient = ? COLLATE NOCASE
                    AND ((state = 'sent' AND sent_at >= ?2) OR (state IN ('queued', 'sending') AND created_at >= ?2))
                """, arguments: [address, since]) ?? 0
            return onFile + staged
        }
    }

    // MARK: - The dispatcher's steps

    /// Committed before the server is asked: a reply found `sending` at the next start may have gone.
    package func markSending(_ messageID: String) throws(FilingError) {
        try change(messageID, from: [.queued], to: .sending, wanted: "sent", kind: "reply-sending", detail: { r in
            "<\(r.messageID)> to \(r.recipient): submitting (attempt \(r.attempts + 1))"
        })
    }

    /// The server accepted the reply (2xx after DATA), or the Sent folder holds it after an interrupted run.
    /// The mark comes first; then a copy of what was sent goes to the case folder's `replies/` (what
    /// `store rebuild` reads back), best effort: a copy not written is said in the log, never retried by sending.
    package func markSent(_ messageID: String, detail: String = "accepted by the server") throws(FilingError) {
        let now = Self.now()
        try change(messageID, from: [.sending], to: .sent, wanted: "marked sent", kind: "reply-sent",
                   set: "sent_at = ?, next_attempt_at = NULL", arguments: [now], detail: { r in "<\(r.messageID)> to \(r.recipient): \(detail)" })
        guard let record = try reply(messageID: messageID) else { return }
        do throws(FilingError) { try archiveSentReply(record) } catch {
            try write { db in
                try Self.logReply(db, record.caseID, "reply-not-archived", "<\(messageID)> sent, but its copy in the case folder was not written: \(error)", at: now)
            }
        }
    }

    /// The server said "later" (4xx, or it could not be reached): the reply waits until `next` (ISO 8601 UTC).
    package func markRetry(_ messageID: String, reason: String, next: String) throws(FilingError) {
        try change(messageID, from: [.sending], to: .queued, wanted: "retried", kind: "reply-retry",
                   set: "attempts = attempts + 1, next_attempt_at = ?, last_error = ?", arguments: [next, reason],
                   detail: { r in "<\(r.messageID)> not sent: \(reason); tried again after \(next)" })
    }

    /// The server refused the reply (5xx, its own words), or its retries ran out. The case stays as it was.
    package func markFailed(_ messageID: String, reason: String) throws(FilingError) {
        try change(messageID, from: [.sending], to: .failed, wanted: "marked failed", kind: "reply-failed",
                   set: "attempts = attempts + 1, next_attempt_at = NULL, last_error = ?", arguments: [reason],
                   detail: { r in "<\(r.messageID)> to \(r.recipient) failed: \(reason) — `intake replies send \(r.messageID)` tries again, `replies drop` gives up" })
    }

    /// The Sent folder holds the reply's copy.
    package func markCopied(_ messageID: String) throws(FilingError) {
        let now = Self.now()
        try write { db in
            guard let caseID = try String.fetchOne(db, sql: "SELECT case_id FROM reply WHERE message_id = ? AND state = 'sent' AND copied_at IS NULL",
                                                   arguments: [messageID]) else { return }
            try db.execute(sql: "UPDATE reply SET copied_at = ? WHERE message_id = ?", arguments: [now, messageID])
            try Self.logReply(db, caseID, "reply-copied", "<\(messageID)> is in the Sent folder", at: now)
        }
    }

    /// The Sent folder could not take (or be asked about) the copy: the log says why, once per reason, and
    /// the next dispatch tries again. The reply is never sent again for it.
    package func copyFailed(_ messageID: String, reason: String) throws(FilingError) {
        let now = Self.now()
        try write { db in
            guard let caseID = try String.fetchOne(db, sql: "SELECT case_id FROM reply WHERE message_id = ?", arguments: [messageID]) else { return }
            let detail = "<\(messageID)> sent, its copy not yet in the Sent folder: \(reason)"
            let last = try String.fetchOne(db, sql: "SELECT detail FROM event WHERE case_id = ? AND kind = 'reply-copy-failed' ORDER BY id DESC LIMIT 1",
                                           arguments: [caseID])
            guard last != detail else { return }
            try Self.logReply(db, caseID, "reply-copy-failed", detail, at: now)
        }
    }

    // MARK: - A person's commands

    /// A person sends a held reply (or tries a failed one again): it is queued for the next dispatch, at once.
    @discardableResult
    package func releaseReply(_ messageID: String, by person: String, note: String?) throws(FilingError) -> ReplyRecord {
        try change(messageID, from: [.held, .failed], to: .queued, wanted: "sent by hand", kind: "reply-sent-by-hand",
                   set: "next_attempt_at = NULL", arguments: [], actor: person,
                   detail: { r in "<\(r.messageID)> to \(r.recipient) released for sending (was \(r.state.rawValue))" + (note.map { ": " + $0 } ?? "") })
        guard let record = try reply(messageID: messageID) else { throw .replyNotFound(messageID) }
        return record
    }

    /// A person decides a reply never goes. One being sent or already sent cannot be taken back.
    @discardableResult
    package func dropReply(_ messageID: String, by person: String, note: String) throws(FilingError) -> ReplyRecord {
        try change(messageID, from: [.held, .queued, .failed], to: .dropped, wanted: "dropped", kind: "reply-dropped",
                   set: "next_attempt_at = NULL", arguments: [], actor: person,
                   detail: { r in "<\(r.messageID)> to \(r.recipient) dropped (was \(r.state.rawValue)), never sent: \(note)" })
        guard let record = try reply(messageID: messageID) else { throw .replyNotFound(messageID) }
        return record
    }

    // MARK: - Helpers

    /// One state change, checked against the state read inside its own transaction, with its log line.
    private func change(_ messageID: String, from: [ReplyState], to: ReplyState, wanted: String, kind: String,
                        set extra: String? = nil, arguments: StatementArguments = [], actor: String? = nil,
                        detail: (ReplyRecord) -> String) throws(FilingError) {
        let id = Self.bare(messageID)
        let now = Self.now()
        var refusal: FilingError?
        try write { db in
            guard let current = try Row.fetchOne(db, sql: "SELECT * FROM reply WHERE message_id = ?", arguments: [id]).map(Self.replyRecord) else {
                refusal = .replyNotFound(messageID)
                return
            }
            guard from.contains(current.state) else {
                refusal = .replyState(messageID: id, state: current.state.rawValue, wanted: wanted)
                return
            }
            try db.execute(sql: "UPDATE reply SET state = ?" + (extra.map { ", " + $0 } ?? "") + " WHERE message_id = ?",
                           arguments: [to.rawValue] + arguments + [id])
            try Self.logReply(db, current.caseID, kind, detail(current), at: now, actor: actor)
        }
        if let refusal { throw refusal }
    }

    /// A decision's reply, before anything is written: its Message-ID one `CaseReference.replyMessageID` wrote
    /// for this case (a reply of another case is refused with the decision).
    static func check(_ answer: DecisionReply?, of caseID: String) throws(FilingError) {
        guard case .reply(let pending)? = answer else { return }
        try checkReplyID(pending.reply)
        guard pending.reply.caseID == caseID else { throw .replyMessageID(messageID: pending.reply.messageID, caseID: caseID) }
    }

    /// Inside a decision's transaction: its reply recorded, or why there is none logged. A new reply replaces
    /// the case's replies not yet sent (held, queued, failed): they answer a decision that no longer stands,
    /// and the requester gets one reply for the new one. One being sent is left to finish.
    static func record(_ db: Database, _ answer: DecisionReply?, caseID: String, at now: String) throws {
        switch answer {
        case .reply(let pending)?:
            let stale = try Row.fetchAll(db, sql: "SELECT * FROM reply WHERE case_id = ? AND state IN ('held', 'queued', 'failed')",
                                         arguments: [caseID]).map(Self.replyRecord)
            for r in stale {
                try db.execute(sql: "UPDATE reply SET state = 'dropped', next_attempt_at = NULL WHERE message_id = ?", arguments: [r.messageID])
                try logReply(db, caseID, "reply-dropped", "<\(r.messageID)> to \(r.recipient) dropped (was \(r.state.rawValue)), never sent: "
                             + "the decision it answered changed; <\(pending.reply.messageID)> replaces it", at: now)
            }
            try insertReply(db, pending, at: now)
        case .withheld(let reason)?: try logReply(db, caseID, "reply-withheld", "no reply: \(reason)", at: now)
        case nil: break
        }
    }

    static func logReply(_ db: Database, _ caseID: String, _ kind: String, _ detail: String, at now: String, actor: String? = nil) throws {
        try db.execute(sql: "INSERT INTO event (at, kind, case_id, detail, actor) VALUES (?, ?, ?, ?, ?)",
                       arguments: [now, kind, caseID, detail, actor])
    }

    func write(_ body: (Database) throws -> Void) throws(FilingError) {
        do { try db.write(body) } catch {
            if let error = error as? FilingError { throw error }
            throw .database(path: databasePath, reason: "\(error)")
        }
    }

    static func bare(_ messageID: String) -> String {
        messageID.hasPrefix("<") && messageID.hasSuffix(">") ? String(messageID.dropFirst().dropLast()) : messageID
    }

    static func replyRecord(_ row: Row) -> ReplyRecord {
        let bytes: Data = row["bytes"] ?? Data()
        let reply = OutgoingReply(messageID: row["message_id"], caseID: row["case_id"], kind: row["kind"], recipient: row["recipient"],
                                  sender: row["sender"], subject: row["subject"], language: row["language"], bytes: [UInt8](bytes))
        return ReplyRecord(reply: reply, sequence: row["sequence"], state: ReplyState(rawValue: row["state"]) ?? .held,
                           attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"], lastError: row["last_error"],
                           createdAt: row["created_at"], sentAt: row["sent_at"], copiedAt: row["copied_at"])
    }
}
