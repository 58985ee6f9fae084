import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Scale {
        /// A poll that finds nothing new: a fresh session asks STATUS once, whatever the size.
        static func noNewsPoll(_ server: TestServer, _ box: String, known: MailboxStatus) throws -> Int {
            let session = try IMAPSession(server.endpoint(mailbox: box))
            let status = try session.status()
            #expect(status == known, "nothing new")
            try session.logout()
            return session.roundTrips
        }

        @Test func noNewsPollCostsTheSameWhateverTheMailboxSize() throws {
            let server = try TestServer.current()
            let small = TestServer.uniqueMailbox("poll-small")
            let large = TestServer.uniqueMailbox("poll-large")
            try server.script("load", "3", "small", small)
            try server.script("load", "3000", "small", large)
            let session = try server.session()
            let smallStatus = try session.status(small)
            let largeStatus = try session.status(large)
            #expect(largeStatus.messages == 3000)
            let smallCost = try Self.noNewsPoll(server, small, known: smallStatus)
            let largeCost = try Self.noNewsPoll(server, large, known: largeStatus)
            #expect(smallCost == largeCost)
            #expect(largeCost == 3, "NAMESPACE (once per session, for a name other than INBOX) + STATUS + LOGOUT")
            // On INBOX: STATUS + LOGOUT.
            let inbox = try IMAPSession(server.endpoint())
            _ = try inbox.status()
            try inbox.logout()
            #expect(inbox.roundTrips == 2)

            // The SELECT + UID SEARCH way costs a constant too, and finds only the last UID.
            let before = session.roundTrips
            let state = try session.select(large)
            let newer = try session.uidSearch("UID \(state.uidNext):*").filter { $0 >= state.uidNext }
            #expect(newer.isEmpty)
            #expect(session.roundTrips - before == 2, "SELECT + UID SEARCH")
            try session.select("INBOX")
            try session.deleteMailbox(small)
            try session.deleteMailbox(large)
            try session.logout()
        }

        @Test(.timeLimit(.minutes(2)))
        func fiveThousandMessages() throws {
            let server = try TestServer.current()
            let box = TestServer.uniqueMailbox("5000")
            try server.script("load", "5000", "small", box)
            let session = try server.session()
            let state = try session.select(box)
            #expect(state.exists == 5000)
            let uids = try session.uidSearch("ALL")
            #expect(uids.count == 5000)
            var count = 0
            var largest = 0
            var previous: UInt32 = 0
            var ascending = true
            let report = try session.fetch(uids, inFlight: 128) { message in
                count += 1
                largest = max(largest, message.bytes.count)
                if message.uid < previous { ascending = false }
                previous = message.uid
                #expect(message.bytes.starts(with: Array("Return-Path: ".utf8)))
            }
            #expect(count == 5000)
            #expect(report.missing.isEmpty)
            _ = ascending
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }
    }
}
