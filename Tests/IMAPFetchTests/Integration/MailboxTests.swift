import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Mailboxes {
        @Test func selectAndStatusAgree() throws {
            let server = try TestServer.current()
            let box = TestServer.uniqueMailbox("status")
            let session = try server.session()
            #expect(try session.createMailbox(box))
            #expect(try session.createMailbox(box) == false, "a second CREATE is not an error")
            var uids: [UInt32] = []
            for i in 0..<3 { uids.append(try #require(try session.append(sampleMessage(i), to: box))) }
            let status = try session.status(box)
            #expect(status.messages == 3)
            #expect(status.uidNext == uids.last! + 1)
            let state = try session.select(box)
            #expect(state == MailboxState(uidValidity: status.uidValidity, uidNext: status.uidNext, exists: 3))
            #expect(try session.uidSearch("ALL") == uids)
            #expect(try session.uidSearch("UID \(uids[1]):*") == Array(uids[1...]))
            try session.select("INBOX")  // Dovecot says BYE when the selected mailbox is deleted
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func uidValidityChangeIsVisible() throws {
            let server = try TestServer.current()
            let box = TestServer.uniqueMailbox("validity")
            let session = try server.session()
            try session.createMailbox(box)
            try session.append(sampleMessage(1), to: box)
            let before = try session.status(box)
            try session.deleteMailbox(box)
            try session.createMailbox(box)
            try session.append(sampleMessage(2), to: box)
            let after = try session.status(box)
            #expect(after.uidValidity != before.uidValidity)
            let state = try session.select(box)
            #expect(state.uidValidity == after.uidValidity)
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func operationsNeedASelectedMailbox() throws {
            let server = try TestServer.current()
            let session = try server.session()
            #expect(throws: IMAPError.self) { _ = try session.uidSearch("ALL") }
            #expect(throws: (any Error).self) { try session.fetch([1]) { _ in } }
            try session.logout()
        }

        @Test func missingMailboxSaysSo() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let error = #expect(throws: IMAPError.self) { _ = try session.select("no-such-mailbox-here") }
            #expect(error.map { "\($0)" }?.contains("SELECT no-such-mailbox-here failed") == true)
            // The session is still usable after a NO.
            _ = try session.status("INBOX")
            try session.logout()
        }
    }
}
