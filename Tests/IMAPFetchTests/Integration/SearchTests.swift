import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Search {
        /// Dovecot has ESEARCH: the searches a pass makes (too large, and the rest) go out together, cost
        /// one round trip, and find exactly what the same searches find one by one.
        @Test func searchesSentTogetherFindWhatEachFindsAlone() throws {
            let server = try TestServer.current()
            let session = try server.session()
            #expect(try session.capabilities.contains("ESEARCH"))
            let (box, sent) = try Fetch.filledMailbox(session, "esearch", count: 12) { i in 400 + i * 3000 }
            let state = try session.select(box)
            let uids = sent.keys.sorted()
            // Every third message flagged, so an answer has ranges and single UIDs both.
            try session.addKeyword("$Intake", to: uids.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
            let lastUID = uids[1]
            let criteria = ["LARGER 20000", "NOT KEYWORD $Intake NOT LARGER 20000", "KEYWORD $Intake", "LARGER 99999999"]
            let alone = try criteria.map { try session.uidSearch("UID \(lastUID + 1):* \($0)").filter { $0 > lastUID } }
            let before = session.roundTrips
            let together = try #require(try session.fewNewUIDs(after: lastUID, in: state, matching: criteria))
            #expect(session.roundTrips == before + 1, "one round trip for all four")
            #expect(together == alone)
            #expect(together[3].isEmpty && !together[0].isEmpty && !together[1].isEmpty)
            #expect(together.joined().allSatisfy { $0 > lastUID })
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        /// SELECT and the searches in one flight, on a mailbox that is not INBOX (NAMESPACE goes first):
        /// one round trip, and the same UIDs as searching after the SELECT.
        @Test func theSearchesGoWithTheSelectAndFindTheSame() throws {
            let server = try TestServer.current()
            let setup = try server.session()
            let (box, sent) = try Fetch.filledMailbox(setup, "selectsearch", count: 6) { i in 400 + i * 9000 }
            let uids = sent.keys.sorted()
            let criteria = ["LARGER 20000", "NOT LARGER 20000"]
            let state = try setup.select(box)
            let alone = try criteria.map { try setup.uidSearch("UID 1:* \($0)") }
            try setup.logout()

            let session = try IMAPSession(server.endpoint(mailbox: box))
            let (opened, found) = try session.select(box, searchingAfter: 0, ifValidity: state.uidValidity, matching: criteria)
            #expect(session.roundTrips == 1, "NAMESPACE, SELECT and both searches in one flight")
            #expect(opened == state)
            #expect(found == alone)
            #expect(found.map { $0.joined().sorted() } == uids)
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }
    }
}
