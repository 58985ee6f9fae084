import Filing
import Foundation
import Outbox
import RuleEngine
import Testing

/// The dispatcher over a real store (SQLite and the archive) with a scripted SMTP server and Sent folder.
@Suite struct ReplyDispatcherTests {
    func dispatcher(_ store: CaseStore, _ transport: ScriptedTransport, _ sent: FakeSentFolder, clock: TestClock = TestClock(),
                    schedule: RetrySchedule = .standard, stopAt: DispatchStep? = nil) -> ReplyDispatcher {
        var d = ReplyDispatcher(store: store, transport: transport, sentFolder: sent, schedule: schedule, clock: clock.function)
        if let stopAt { d.stopAt = { $0 == stopAt } }
        return d
    }

    /// A kill at every step of a pass (and right after recording, before any pass), then the next run: the
    /// requester gets the reply once and the Sent folder holds one copy — except in the one window SMTP
    /// cannot close (accepted by the server, killed before the mark is committed), where it goes twice.
    static let killPoints: [DispatchStep?] = [nil] + DispatchStep.allCases.map { $0 }

    @Test(arguments: killPoints)
    func exactlyOnceAcrossAKillAtEveryStep(_ step: DispatchStep?) throws {
        let t = try TestStore()
        defer { t.remove() }
        let c = try t.fileCase(1)
        let r = try t.record(for: c)
        let server = ScriptedTransport(), sent = FakeSentFolder()
        if let step {
            #expect(throws: DispatchError.self) { try dispatcher(t.store, server, sent, stopAt: step).dispatch() }
        }
        // The next run opens the store again: only what was committed is there.
        let again = try t.reopened()
        let events = try dispatcher(again, server, sent).dispatch()
        let expected = step == .acceptedBeforeMarkSent ? 2 : 1
        #expect(server.delivered == Array(repeating: r.messageID, count: expected), "killed \(step?.rawValue ?? "after recording")")
        #expect(sent.copies == [r.messageID])
        let after = try #require(try again.reply(messageID: r.messageID))
        #expect(after.state == .sent && after.sentAt != nil && after.copiedAt != nil)
        if step == .afterMarkSending {
            // Found sending, not in the Sent folder: it had not gone, so it goes now.
            #expect(events.first == .sent(r.messageID))
        }
        // A third run sends nothing more.
        #expect(try dispatcher(again, server, sent).dispatch().isEmpty)
        #expect(server.delivered.count == expected)
        let kinds = try again.events(of: c.id).map(\.kind)
        #expect(kinds.filter { $0 == "reply-recorded" }.count == 1 && kinds.filter { $0 == "reply-copied" }.count == 1)
    }

    /// A reply marked sending whose copy is in the Sent folder (appended by another client, or a rebuilt
    /// store's) is marked sent and never submitted again.
    @Test func anInterruptedReplyFoundInTheSentFolderIsNotSentAgain() throws {
        let t = try TestStore()
        defer { t.remove() }
        let r = try t.record(for: try t.fileCase(1))
        let server = ScriptedTransport(), sent = FakeSentFolder()
        #expect(throws: DispatchError.self) { try dispatcher(t.store, server, sent, stopAt: .afterMarkSending).dispatch() }
        try sent.append(r.reply.bytes)
        #expect(try dispatcher(t.store, server, sent).dispatch() == [.recovered(r.messageID)])
        #expect(server.tries.isEmpty && sent.copies == [r.messageID])
        #expect(try t.store.reply(messageID: r.messageID)?.state == .sent)
    }

    /// The Sent folder cannot be asked about an interrupted reply: it waits, not sent on a guess; once the
    /// folder answers, it goes once.
    @Test func anInterruptedReplyWaitsWhileTheSentFolderCannotBeAsked() throws {
        let t = try TestStore()
        defer { t.remove() }
        let r = try t.record(for: try t.fileCase(1))
        let server = ScriptedTransport(), sent = FakeSentFolder()
        #expect(throws: DispatchError.self) { try dispatcher(t.store, server, sent, stopAt: .afterMarkSending).dispatch() }
        sent.setDown(true)
        let events = try dispatcher(t.store, server, sent).dispatch()
        #expect(events.count == 1 && events.first?.messageID == r.messageID)
        guard case .unresolved = events.first else { Issue.record("expected unresolved, got \(events)"); return }
        #expect(server.tries.isEmpty)
        #expect(try t.store.reply(messageID: r.messageID)?.state == .sending)
        sent.setDown(false)
        #expect(try dispatcher(t.store, server, sent).dispatch() == [.sent(r.messageID), .copied(r.messageID)])
        #expect(server.delivered == [r.messageID])
    }

    /// 4xx: tried again after 1 minute, then 5, each "later" recorded with the server's words; then sent.
    @Test func aTemporaryRefusalIsRetriedWithBackOffThenSent() throws {
        let t = try TestStore()
        defer { t.remove() }
        let r = try t.record(for: try t.fileCase(1))
        let server = ScriptedTransport([.retryLater(reason: "451 4.7.1 Greylisted, try again later"), .retryLater(reason: "421 4.3.2 Service shutting down")])
        let sent = FakeSentFolder(), clock = TestClock()
        let d = dispatcher(t.store, server, sent, clock: clock)
        let first = try d.dispatch()
        #expect(first == [.retry(r.messageID, reason: "451 4.7.1 Greylisted, try again later", next: Timestamp.string(epochSeconds: clock.now + 60))])
        var now = try #require(try t.store.reply(messageID: r.messageID))
        #expect(now.state == .queued && now.attempts == 1 && now.lastError == "451 4.7.1 Greylisted, try again later")
        // Not due yet: nothing is submitted.
        clock.advance(59)
        #expect(try d.dispatch().isEmpty && server.tries.count == 1)
        clock.advance(1)
        #expect(try d.dispatch().first == .retry(r.messageID, reason: "421 4.3.2 Service shutting down", next: Timestamp.string(epochSeconds: clock.now + 300)))
        clock.advance(299)
        #expect(try d.dispatch().isEmpty)
        clock.advance(1)
        #expect(try d.dispatch() == [.sent(r.messageID), .copied(r.messageID)])
        now = try #require(try t.store.reply(messageID: r.messageID))
        #expect(now.state == .sent && now.attempts == 2 && server.delivered == [r.messageID] && server.tries.count == 3)
        #expect(try t.store.events(of: r.caseID).map(\.kind).filter { $0.hasPrefix("reply-") }
                == ["reply-recorded", "reply-sending", "reply-retry", "reply-sending", "reply-retry", "reply-sending", "reply-sent", "reply-copied"])
    }

    /// A server that keeps saying "later" is given up after the schedule's tries: failed, with its last words.
    @Test func retriesRunOutIntoFailed() throws {
        let t = try TestStore()
        defer { t.remove() }
        let r = try t.record(for: try t.fileCase(1))
        let server = ScriptedTransport(then: .retryLater(reason: "connection refused")), clock = TestClock()
        let d = dispatcher(t.store, server, FakeSentFolder(), clock: clock, schedule: RetrySchedule(delays: [10], maxAttempts: 3))
        for _ in 0..<5 {
            _ = try d.dispatch()
            clock.advance(10)
        }
        let after = try #require(try t.store.reply(messageID: r.messageID))
        #expect(server.tries.count == 3 && after.state == .failed && after.attempts == 3)
        #expect(after.lastError == "gave up after 3 tries; the last answer: connection refused")
    }

    /// 5xx: failed with the server's words, never submitted again, and the case exactly as it was.
    @Test func aPermanentRefusalFailsTheReplyAndLeavesTheCase() throws {
        let t = try TestStore()
        defer { t.remove() }
        let c = try t.fileCase(1)
        let r = try t.record(for: c)
        let record = try Data(contentsOf: URL(fileURLWithPath: c.path + "/request.json"))
        let words = "550 5.1.1 <ana@xyz.edu>: Recipient address rejected: User unknown"
        let server = ScriptedTransport([.refused(reason: words)]), sent = FakeSentFolder()
        #expect(try dispatcher(t.store, server, sent).dispatch() == [.failed(r.messageID, reason: words)])
        #expect(try dispatcher(t.store, server, sent).dispatch().isEmpty)
        #expect(server.tries.count == 1 && sent.copies.isEmpty)
        let after = try #require(try t.store.reply(messageID: r.messageID))
        #expect(after.state == .failed && after.lastError == words)
        let caseAfter = try #require(try t.store.caseRecord(id: c.id))
        #expect(caseAfter.verdict == c.verdict && caseAfter.folder == c.folder && caseAfter.state == c.state && caseAfter.updatedAt == c.updatedAt)
        #expect(try Data(contentsOf: URL(fileURLWithPath: c.path + "/request.json")) == record)
        #expect(try t.store.events(of: c.id).last?.detail.contains(words) == true)
    }

    /// The SMTP server down: every reply waits, queued with its back-off, nothing in the Sent folder,
    /// every case intact; when it is back, each goes once.
    @Test func theServerDownLeavesEveryReplyWaiting() throws {
        let t = try TestStore()
        defer { t.remove() }
        let replies = try (1...3).map { try t.record(for: try t.fileCase($0)) }
        let server = ScriptedTransport(then: .retryLater(reason: "Failed to connect to 127.0.0.1 port 587: Connection refused"))
        let sent = FakeSentFolder(), clock = TestClock()
        let d = dispatcher(t.store, server, sent, clock: clock)
        #expect(try d.dispatch().count == 3)
        for r in replies {
            let now = try #require(try t.store.reply(messageID: r.messageID))
            #expect(now.state == .queued && now.attempts == 1 && now.lastError?.contains("Connection refused") == true)
        }
        #expect(server.delivered.isEmpty && sent.copies.isEmpty)
        #expect(try t.store.allCases().allSatisfy { $0.state == .decidedByRules && $0.verdict == .reject })
        server.answer(from: .accepted)
        clock.advance(60)
        _ = try d.dispatch()
        #expect(server.delivered == replies.map(\.messageID) && sent.copies == replies.map(\.messageID))
    }

    /// The Sent folder refusing the copy never sends the reply again; the copy is made on a later pass.
    @Test func aSentFolderFailureIsRetriedWithoutSendingAgain() throws {
        let t = try TestStore()
        defer { t.remove() }
        let r = try t.record(for: try t.fileCase(1))
        let server = ScriptedTransport(), sent = FakeSentFolder()
        sent.setDown(true)
        let events = try dispatcher(t.store, server, sent).dispatch()
        #expect(events.first == .sent(r.messageID) && events.count == 2)
        guard case .copyFailed = events.last else { Issue.record("expected copyFailed, got \(events)"); return }
        // Down again: the log says so once.
        _ = try dispatcher(t.store, server, sent).dispatch()
        #expect(try t.store.events(of: r.caseID).filter { $0.kind == "reply-copy-failed" }.count == 1)
        sent.setDown(false)
        #expect(try dispatcher(t.store, server, sent).dispatch() == [.copied(r.messageID)])
        #expect(server.delivered == [r.messageID] && sent.copies == [r.messageID])
    }

    /// A held reply waits for a person; released, it goes once. A dropped reply never goes.
    @Test func heldRepliesWaitForAPersonAndDroppedOnesNeverGo() throws {
        let t = try TestStore()
        defer { t.remove() }
        let held = try t.record(for: try t.fileCase(1), held: true)
        let dropped = try t.record(for: try t.fileCase(2))
        let server = ScriptedTransport(), sent = FakeSentFolder()
        try t.store.dropReply(dropped.messageID, by: "maria", note: "the requester phoned; answered by hand")
        #expect(try dispatcher(t.store, server, sent).dispatch().isEmpty && server.tries.isEmpty)
        #expect(try t.store.reply(messageID: held.messageID)?.state == .held)
        try t.store.releaseReply("<\(held.messageID)>", by: "maria", note: nil)
        #expect(try dispatcher(t.store, server, sent).dispatch() == [.sent(held.messageID), .copied(held.messageID)])
        #expect(server.delivered == [held.messageID])
        // A sent reply cannot be dropped nor sent by hand again; a dropped one cannot be sent.
        #expect(throws: FilingError.self) { try t.store.dropReply(held.messageID, by: "maria", note: "too late") }
        #expect(throws: FilingError.self) { try t.store.releaseReply(held.messageID, by: "maria", note: nil) }
        #expect(throws: FilingError.self) { try t.store.releaseReply(dropped.messageID, by: "maria", note: nil) }
        let log = try t.store.events(of: dropped.caseID).last
        #expect(log?.kind == "reply-dropped" && log?.by == "maria" && log?.detail.contains("answered by hand") == true)
        #expect(try t.store.events(of: held.caseID).contains { $0.kind == "reply-sent-by-hand" && $0.by == "maria" })
    }
}
