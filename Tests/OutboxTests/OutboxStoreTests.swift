import Extraction
import Filing
import Foundation
import Outbox
import RuleEngine
import Testing

/// The outbox in the store: recorded with the decision that made it, numbered per case, counted per
/// recipient per day, and not forgotten by `store rebuild`.
@Suite struct OutboxStoreTests {
    /// The loop guard's daily count: sent today and on their way count; held, dropped, failed and
    /// yesterday's do not; the address is compared without regard to case.
    @Test func repliesSentCountsWhatWentOrIsGoingToAnAddressSinceATime() throws {
        let t = try TestStore()
        defer { t.remove() }
        let robot = "Out-Of-Office@xyz.edu"
        let sent = try t.record(for: try t.fileCase(1), to: robot)
        let queued = try t.record(for: try t.fileCase(2), to: "out-of-office@XYZ.edu")
        _ = try t.record(for: try t.fileCase(3), held: true, to: robot)
        let dropped = try t.record(for: try t.fileCase(4), to: robot)
        let refused = try t.record(for: try t.fileCase(5), to: robot)
        _ = try t.record(for: try t.fileCase(6), to: "someone-else@xyz.edu")
        try t.store.dropReply(dropped.messageID, by: "p", note: "n")
        for r in [sent, refused] { try t.store.markSending(r.messageID) }
        try t.store.markSent(sent.messageID)
        try t.store.markFailed(refused.messageID, reason: "550 no")
        #expect(try t.store.reply(messageID: queued.messageID)?.state == .queued)
        let midnight = String(Timestamp.now().prefix(10)) + "T00:00:00Z"
        #expect(try t.store.repliesSent(to: robot, since: midnight) == 2)
        #expect(try t.store.repliesSent(to: "OUT-OF-OFFICE@xyz.edu", since: midnight) == 2)
        #expect(try t.store.repliesSent(to: "someone-else@xyz.edu", since: midnight) == 1)
        #expect(try t.store.repliesSent(to: robot, since: "2999-01-01T00:00:00Z") == 0)
        #expect(try t.store.repliesSent(to: "nobody@xyz.edu", since: midnight) == 0)
    }

    /// Replies are numbered 1, 2, … per case, their Message-IDs name their case and number, and one
    /// naming another case (or no reply id at all) is refused, nothing recorded.
    @Test func repliesAreNumberedPerCaseAndTheirIdsChecked() throws {
        let t = try TestStore()
        defer { t.remove() }
        let a = try t.fileCase(1), b = try t.fileCase(2)
        let first = try t.record(for: a), second = try t.record(for: a), other = try t.record(for: b)
        #expect([first.sequence, second.sequence, other.sequence] == [1, 2, 1] as [Int])
        #expect(first.messageID.hasPrefix(a.id + ".r1.") && second.messageID.hasPrefix(a.id + ".r2."))
        var wrong = try t.reply(for: a)
        wrong.caseID = b.id
        #expect(throws: FilingError.self) { try t.store.recordReply(PendingReply(wrong, held: false)) }
        var bracketed = try t.reply(for: a)
        bracketed.messageID = "<\(bracketed.messageID)>"
        #expect(throws: FilingError.self) { try t.store.recordReply(PendingReply(bracketed, held: false)) }
        // Found by its Message-ID (with or without brackets) or by its case.
        #expect(try t.store.findReplies(a.id).map(\.sequence) == [1, 2])
        #expect(try t.store.findReplies("<\(other.messageID)>").map(\.messageID) == [other.messageID])
        #expect(try t.store.allReplies().count == 3)
    }

    /// A person's decision and its reply are one transaction: both or neither.
    @Test func aDecisionRecordsItsReplyInTheSameTransaction() throws {
        let t = try TestStore()
        defer { t.remove() }
        let c = try t.fileCase(1, verdict: .review)
        // A decision whose reply is wrong (another case's) records neither.
        let other = try t.fileCase(2)
        let foreign = try t.reply(for: other)
        #expect(throws: FilingError.self) {
            try t.store.decide(c, .accept, by: "maria", note: "checked", reply: .reply(PendingReply(foreign, held: false)))
        }
        #expect(try t.store.caseRecord(id: c.id)?.state == .decidedByRules && t.store.allReplies().isEmpty)
        let reply = try t.reply(for: c)
        let decided = try t.store.decide(c, .accept, by: "maria", note: "checked", reply: .reply(PendingReply(reply, held: true)))
        #expect(decided.verdict == .accept)
        #expect(try t.store.reply(messageID: reply.messageID)?.state == .held)
        #expect(try t.store.events(of: c.id).map(\.kind).suffix(3) == ["decided-by-person", "reply-recorded", "reply-held"])
    }

    /// A case filed with its reply staged: the reply is on file exactly when the case is.
    @Test func aStagedCaseCommitsItsReplyWithIt() throws {
        let t = try TestStore()
        defer { t.remove() }
        func submission(_ n: Int) -> CaseSubmission {
            CaseSubmission(
                raw: Array("From: ana@xyz.edu\r\n\r\nx\(n)\r\n".utf8), source: "test", sourceID: "s\(n)", messageID: "<s\(n)@xyz.edu>",
                receivedAt: nil, sender: "ana@xyz.edu", senderDomain: "xyz.edu", subject: "s", fields: RequestFields(), findings: [],
                verdict: .accept, rulesVersion: "v1", record: Array("{}".utf8), attachments: [])
        }
        var id = ""
        let staged = try t.store.stage(submission(1)) { (caseID) throws(FilingError) -> DecisionReply? in
            id = CaseReference.replyMessageID(caseID: caseID, sequence: try t.store.nextReplySequence(caseID: caseID), random: 7, domain: "r.example")
            return .reply(PendingReply(OutgoingReply(messageID: id, caseID: caseID, kind: "accepted", recipient: "ana@xyz.edu",
                                                     sender: "sales@r.example", subject: "Re", language: "en", bytes: [0x41]), held: false))
        }
        #expect(try t.store.nextReplySequence(caseID: staged.id) == 2)
        #expect(try t.store.allReplies().isEmpty)
        try t.store.commitStaged()
        #expect(try t.store.reply(messageID: id)?.state == .queued)
        // Another case's reply: refused, and that case is not staged.
        let stray = try t.reply(for: try t.fileCase(9))
        #expect(throws: FilingError.self) { try t.store.stage(submission(2)) { _ in .reply(PendingReply(stray, held: false)) } }
        #expect(try t.store.commitStaged().isEmpty)
    }

    /// A sent reply is copied into its case folder's replies/; a rebuilt store knows it as sent (its
    /// Sent-folder copy checked, never sent again) and follows the case when its folder moves; replies not
    /// yet sent lived only in the database.
    @Test func rebuildKnowsTheSentRepliesFromTheCaseFolders() throws {
        let t = try TestStore()
        defer { t.remove() }
        let c = try t.fileCase(1)
        let sentReply = try t.record(for: c)
        let waiting = try t.record(for: try t.fileCase(2), held: true)
        let server = ScriptedTransport(), sent = FakeSentFolder()
        _ = try ReplyDispatcher(store: t.store, transport: server, sentFolder: sent).dispatch()
        // The case moves after its reply went: the copy moves with the folder.
        let moved = try t.store.decide(try #require(try t.store.caseRecord(id: c.id)), .accept, by: "maria", note: "phoned")
        #expect(FileManager.default.contents(atPath: moved.path + "/replies/r1.eml") == Data(sentReply.reply.bytes))
        #expect(FileManager.default.fileExists(atPath: moved.path + "/replies/r1.json"))

        let report = try CaseStore.rebuild(directory: t.directory, replacing: true)
        #expect(report.cases == 2)
        let rebuilt = try t.reopened()
        let back = try #require(try rebuilt.reply(messageID: sentReply.messageID))
        #expect(back.state == .sent && back.sequence == 1 && back.reply == sentReply.reply && back.copiedAt == nil && back.sentAt != nil)
        #expect(try rebuilt.reply(messageID: waiting.messageID) == nil)
        #expect(try rebuilt.nextReplySequence(caseID: c.id) == 2)
        // The next pass looks for its copy, finds it, and sends nothing.
        #expect(try ReplyDispatcher(store: rebuilt, transport: server, sentFolder: sent).dispatch() == [.copied(sentReply.messageID)])
        #expect(server.delivered == [sentReply.messageID] && sent.copies == [sentReply.messageID])
        #expect(try rebuilt.check().isEmpty)
    }

    /// What a pass would do, read without changing anything.
    @Test func aPlanChangesNothing() throws {
        let t = try TestStore()
        defer { t.remove() }
        let due = try t.record(for: try t.fileCase(1))
        _ = try t.record(for: try t.fileCase(2), held: true)
        let plan = try ReplyDispatcher.plan(store: t.store)
        #expect(plan.due.map(\.messageID) == [due.messageID] && plan.interrupted.isEmpty && plan.toCopy.isEmpty)
        #expect(try t.store.reply(messageID: due.messageID)?.state == .queued)
    }
}
