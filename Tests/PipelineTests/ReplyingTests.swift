import Filing
import Foundation
import MailSources
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
