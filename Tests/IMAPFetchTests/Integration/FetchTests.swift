import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Fetch {
        /// Appends `count` messages of varied sizes to a fresh mailbox; returns it and the bytes by UID.
        static func filledMailbox(
            _ session: IMAPSession, _ purpose: String, count: Int, size: (Int) -> Int
        ) throws -> (String, [UInt32: [UInt8]]) {
            let box = TestServer.uniqueMailbox(purpose)
            try session.createMailbox(box)
            var sent: [UInt32: [UInt8]] = [:]
            for i in 0..<count {
                let message = sampleMessage(i, size: size(i))
                let uid = try #require(try session.append(message, to: box))
                sent[uid] = message
            }
            return (box, sent)
        }

        @Test(arguments: [1, 4, 64])
        func pipelinedFetchReturnsExactlyTheBytesAppended(inFlight: Int) throws {
            let server = try TestServer.current()
            let session = try server.session()
            // Sizes from 300 B to ~700 KB, so literals straddle every buffer boundary.
            let (box, sent) = try Self.filledMailbox(session, "fetch", count: 120) { i in 300 + (i * 7919) % 400_000 }
            try session.select(box)
            let before = session.roundTrips
            var received: [UInt32: [UInt8]] = [:]
            var order: [UInt32] = []
            let requested = sent.keys.sorted()
            var watermark: UInt32 = 0
            let report = try session.fetch(Array(sent.keys), inFlight: inFlight) { message in
                #expect(received[message.uid] == nil, "each message once")
                #expect(message.serverSize == message.bytes.count)
                received[message.uid] = message.bytes
                order.append(message.uid)
                // deliveredThrough only grows, and every UID up to it has been handed over.
                #expect(message.deliveredThrough >= watermark)
                watermark = message.deliveredThrough
                for uid in requested where uid <= watermark {
                    #expect(received[uid] != nil, "\(uid) is below deliveredThrough \(watermark) but was not delivered")
                }
            }
            #expect(session.roundTrips == before + 1, "a pipelined fetch waits once, not per message")
            #expect(report.delivered == sent.count)
            #expect(report.missing.isEmpty)
            #expect(report.bytes == sent.values.reduce(0) { $0 + $1.count })
            // Dovecot runs pipelined FETCHes concurrently: answers may come in any order.
            for (uid, bytes) in sent {
                #expect(received[uid] == bytes, "message \(uid) differs")
            }
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func expungedMessagesAreReportedMissing() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let (box, sent) = try Self.filledMailbox(session, "missing", count: 5) { _ in 500 }
            try session.select(box)
            let uids = sent.keys.sorted()
            try session.move([uids[1], uids[3]], to: box + "-gone")
            var got: [UInt32] = []
            let report = try session.fetch(uids, inFlight: 2) { got.append($0.uid) }
            #expect(got == [uids[0], uids[2], uids[4]])
            #expect(report.missing == [uids[1], uids[3]])
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.deleteMailbox(box + "-gone")
            try session.logout()
        }

        struct Stop: Error {}

        @Test func aThrowingHandlerStopsTheFetchAndLeavesTheSessionUsable() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let (box, sent) = try Self.filledMailbox(session, "stop", count: 40) { _ in 20_000 }
            try session.select(box)
            var seen = 0
            var resumeFrom: UInt32 = 0
            #expect(throws: Stop.self) {
                try session.fetch(Array(sent.keys), inFlight: 8) { message in
                    seen += 1
                    resumeFrom = message.deliveredThrough
                    if seen == 3 { throw Stop() }
                }
            }
            #expect(seen == 3, "no message is handed over after the handler threw")
            #expect(resumeFrom <= sent.keys.sorted()[2], "at most the three handed over are behind the resume point")
            #expect(try session.uidSearch("ALL").count == 40, "the session still answers")
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func thirtyMegabyteMessage() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let (box, sent) = try Self.filledMailbox(session, "big", count: 1) { _ in 30 << 20 }
            try session.select(box)
            var received: [UInt8] = []
            try session.fetch(Array(sent.keys)) { received = $0.bytes }
            #expect(received.count == sent.values.first!.count)
            #expect(received == sent.values.first!)
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func fetchLeavesSeenAsItWas() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let box = TestServer.uniqueMailbox("seen")
            try session.createMailbox(box)
            let read = try #require(try session.append(sampleMessage(1), to: box, flags: ["\\Seen"]))
            let unread = try #require(try session.append(sampleMessage(2), to: box))
            try session.select(box)
            var count = 0
            try session.fetch([read, unread]) { _ in count += 1 }
            #expect(count == 2)
            let flags = try session.flags([read, unread]).mapValues { $0.subtracting(["\\Recent"]) }
            #expect(flags[read]?.contains("\\Seen") == true)
            #expect(flags[unread]?.contains("\\Seen") == false)
            // And after filing with a keyword, too.
            try session.addKeyword("$Intake", to: [read, unread])
            let after = try session.flags([read, unread]).mapValues { $0.subtracting(["\\Recent"]) }
            #expect(after[read] == ["\\Seen", "$Intake"])
            #expect(after[unread] == ["$Intake"])
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }
    }
}
