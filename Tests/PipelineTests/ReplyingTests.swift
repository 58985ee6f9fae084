import Filing
import Foundation
import MailSources
import MIME
import Replies
import Testing
@testable import Pipeline

/// Each decision a pass makes answers its requester: the reply recorded in the case's own transaction,
/// or the loop guard's reason in the case's log. Real SQLite, the shipped rules and templates.
@Suite(.serialized) struct ReplyingTests {
    static let request = Array(FileManager.default.contents(atPath: FollowUpTests.folder + "/en-request.eml")!)

    /// The request with its own Message-ID (so it is a new message) and header lines added on top.
    static func variant(_ n: Int, from: String? = nil, headers: [String] = []) -> [UInt8] {
        var text = String(decoding: request, as: UTF8.self)
        text = text.replacingOccurrences(of: "Message-ID: <5E91A7F0-D1CC-26C4@lakesidefilm.edu>", with: "Message-ID: <variant-\(n)@lakesidefilm.edu>")
        if let from { text = text.replacingOccurrences(of: "From: Caroline Dubois <cdubois@lakesidefilm.edu>", with: "From: " + from) }
        return Array((headers.map { $0 + "\r\n" }.joined() + text).utf8)
    }

    static func poll(_ messages: [[UInt8]], policy: ReplyPolicy = .sendAll, replying: Bool = true) throws -> (CaseStore, String) {
        let directory = try temporaryFolder("replying")
        let store = try CaseStore(directory: directory)
        var poller = Poller(decider: FollowUpTests.decider, store: store)
        if replying {
            poller.replying = Replying(ourAddress: "sales@ecoprintq.com", policy: policy, rulesDirectory: repository + "/Rules")
        }
        let source = ScriptedSource(messages.enumerated().map { .message(SourceMessage(sourceID: "m\($0.offset)", raw: .success($0.element))) })
        _ = try poller.run(source)
        return (store, directory)
    }

    @Test func eachNewCaseIsFiledWithItsReplyQueuedOrHeldAsTheSwitchSays() throws {
        let (store, directory) = try Self.poll([Self.variant(1)])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let c = try #require(try store.allCases().first)
        let replies = try store.findReplies(c.id)
        #expect(replies.map(\.reply.kind) == ["rejected"])
        #expect(replies.map(\.state) == [.queued])
        #expect(replies.first?.recipient == "cdubois@lakesidefilm.edu")
        #expect(try store.events(of: c.id).map(\.kind).contains("reply-recorded"))

        let (held, heldDirectory) = try Self.poll([Self.variant(1)], policy: ReplyPolicy(accepted: .send, rejected: .hold, review: .send))
        defer { try? FileManager.default.removeItem(atPath: heldDirectory) }
        #expect(try held.allReplies().map(\.state) == [.held])
    }

    @Test func noReplyIsMadeWithoutReplying() throws {
        let (store, directory) = try Self.poll([Self.variant(1)], replying: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try store.allCases().count == 1)
        #expect(try store.allReplies().isEmpty)
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-replied", nil, "Auto-Submitted"),
        ("Precedence: bulk", nil, "Precedence"),
        ("List-Id: <printers.lists.lakesidefilm.edu>", nil, "mailing list"),
        ("X-Note: none", "Mail Delivery System <mailer-daemon@lakesidefilm.edu>", "no-reply sender"),
        ("X-Note: none", "Sales <sales@ecoprintq.com>", "our own address"),
    ] as [(String, String?, String)])
    func robotsListsAndOurOwnMailAreFiledButNeverAnswered(header: String, from: String?, reason: String) throws {
        let (store, directory) = try Self.poll([Self.variant(2, from: from, headers: [header])])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let c = try #require(try store.allCases().first)
        #expect(try store.allReplies().isEmpty)
        let withheld = try store.events(of: c.id).filter { $0.kind == "reply-withheld" }
        #expect(withheld.count == 1)
        #expect(withheld.first?.detail.contains(reason) == true, "\(withheld.first?.detail ?? "none")")
    }

    @Test func aSenderThatFailedAuthenticationIsNeverAnswered() throws {
        let forged = Array(FileManager.default.contents(atPath: repository + "/Rules/tests/auth-spf-fail-dkim-fail.eml")!)
        let (store, directory) = try Self.poll([forged])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let c = try #require(try store.allCases().first)
        #expect(c.findings.map(\.rule).contains("sender-not-authenticated"))
        #expect(try store.allReplies().isEmpty)
        #expect(try store.events(of: c.id).contains { $0.kind == "reply-withheld" && $0.detail.contains("sender-not-authenticated") })
    }

    @Test func aBurstFromOneAddressInOnePassGetsNoMoreThanTheDailyLimit() throws {
        // Five requests in one group: the replies staged before the commit count, as those on file do.
        let limit = try ReplySettings.load(directory: repository + "/Rules/replies").dailyLimitPerSender
        let (store, directory) = try Self.poll((1...limit + 2).map { Self.variant(10 + $0) })
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try store.allCases().count == limit + 2)
        #expect(try store.allReplies().count == limit)
        let withheld = try store.allCases().flatMap { try store.events(of: $0.id) }.filter { $0.kind == "reply-withheld" }
        #expect(withheld.count == 2)
        #expect(withheld.allSatisfy { $0.detail.contains("limit \(limit)") })
    }
}

/// A reprocess that changes a case's verdict answers the requester only where they had heard: a correction
/// after a reply went, the new decision's reply in place of one not yet sent, nothing where none was made.
@Suite(.serialized) struct ReprocessReplyTests {
    static let accepted = Array(FileManager.default.contents(atPath: repository + "/Rules/tests/en-plain-text-accepted.eml")!)

    /// A copy of the shipped rules in which the sample's sender is a free-mail domain: the same message is rejected.
    static func rulesRejectingTheSender() throws -> String {
        let dir = try temporaryFolder("rules-free-mail")
        // The rule set without its samples and held-out sets (most of its size).
        for name in try FileManager.default.contentsOfDirectory(atPath: repository + "/Rules") where !["tests", "heldout"].contains(name) {
            try FileManager.default.copyItem(atPath: repository + "/Rules/" + name, toPath: dir + "/" + name)
        }
        let list = try String(contentsOfFile: dir + "/free-mail.txt", encoding: .utf8)
        try (list + "\npinevalley-sd.org\n").write(toFile: dir + "/free-mail.txt", atomically: true, encoding: .utf8)
        return dir
    }

    /// Made once for the suite: loading a rule set costs seconds in a debug build.
    static let rejectingRules: String = try! rulesRejectingTheSender()
    static let rejectingDecider: Decider = {
        var d = try! Decider(rulesDirectory: rejectingRules)
        d.letters = nil
        return d
    }()

    static func replying(_ rules: String) -> Replying {
        Replying(ourAddress: "sales@ecoprintq.com", policy: .sendAll, rulesDirectory: rules)
    }

    /// The accepted sample filed (with its reply when `replying`), then reprocessed under rules that reject it.
    static func fileThenReject(replyWhenFiled: Bool, beforeReprocess: (CaseStore, ReplyRecord?) throws -> Void = { _, _ in })
        throws -> (store: CaseStore, caseID: String, replies: [ReplyRecord], cleanup: () -> Void) {
        let directory = try temporaryFolder("reprocess-reply")
        let store = try CaseStore(directory: directory)
        var poller = Poller(decider: FollowUpTests.decider, store: store)
        if replyWhenFiled { poller.replying = replying(repository + "/Rules") }
        _ = try poller.run(ScriptedSource([.message(SourceMessage(sourceID: "m1", raw: .success(accepted)))]))
        let filed = try #require(try store.allCases().first)
        try #require(filed.verdict == .accept)
        try beforeReprocess(store, try store.findReplies(filed.id).first)
        var reprocessor = Reprocessor(decider: rejectingDecider, store: store)
        reprocessor.replying = replying(rejectingRules)
        guard case .updated(_, let after) = try reprocessor.run(filed.id) else { throw CancellationError() }
        try #require(after.verdict == .reject)
        return (store, filed.id, try store.findReplies(filed.id), { try? FileManager.default.removeItem(atPath: directory) })
    }

    @Test func aChangedVerdictAfterAReplyWentSendsACorrection() throws {
        let r = try Self.fileThenReject(replyWhenFiled: true) { store, reply in
            let reply = try #require(reply)
            try store.markSending(reply.messageID)
            try store.markSent(reply.messageID)
        }
        defer { r.cleanup() }
        #expect(r.replies.map(\.reply.kind) == ["accepted", "correction"])
        #expect(r.replies.map(\.state) == [.sent, .queued])
        let text = MessageParser.parse(r.replies[1].reply.bytes).textBody ?? ""
        #expect(text.contains("our earlier answer no longer stands") && text.contains("We cannot accept your request"), "\(text)")
        #expect(text.contains("free-mail address") && !text.contains("Your request is accepted"), "\(text)")
    }

    @Test func aChangedVerdictBeforeTheReplyWentReplacesIt() throws {
        let r = try Self.fileThenReject(replyWhenFiled: true)
        defer { r.cleanup() }
        #expect(r.replies.map(\.reply.kind) == ["accepted", "rejected"])
        #expect(r.replies.map(\.state) == [.dropped, .queued])
        #expect(try r.store.events(of: r.caseID).contains { $0.kind == "reply-dropped" && $0.detail.contains("the decision it answered changed") })
    }

    @Test func noReplyIsMadeWhereNoneWasBefore() throws {
        let r = try Self.fileThenReject(replyWhenFiled: false)
        defer { r.cleanup() }
        #expect(r.replies.isEmpty)
    }
}
