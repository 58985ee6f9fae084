import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Filing {
        @Test(arguments: [false, true])
        func moveCreatesTheTargetFolder(pretendNoMove: Bool) throws {
            let server = try TestServer.current()
            let session = try server.session()
            session.pretendNoMove = pretendNoMove
            let box = TestServer.uniqueMailbox("move")
            let accepted = "\(box)-Intake/Accepted"
            try session.createMailbox(box)
            var uids: [UInt32] = []
            for i in 0..<4 { uids.append(try #require(try session.append(sampleMessage(i), to: box))) }
            // Someone else's message marked \Deleted must survive our expunge.
            let bystander = try #require(try session.append(sampleMessage(9), to: box, flags: ["\\Deleted"]))
            try session.select(box)
            try session.move([uids[0], uids[2]], to: accepted)
            #expect(try session.status(accepted).messages == 2)
            #expect(try session.uidSearch("ALL") == [uids[1], uids[3], bystander])
            // Moving more into the now existing folder.
            try session.move([uids[1]], to: accepted)
            #expect(try session.status(accepted).messages == 3)
            try session.select("INBOX")
            try session.deleteMailbox(accepted)
            try? session.deleteMailbox("\(box)-Intake")  // Dovecot may keep no parent folder
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func keywordKeepsTheMessageInTheInbox() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let box = TestServer.uniqueMailbox("keyword")
            try session.createMailbox(box)
            let a = try #require(try session.append(sampleMessage(1), to: box))
            let b = try #require(try session.append(sampleMessage(2), to: box))
            try session.select(box)
            try session.addKeyword("$Intake", to: [a])
            #expect(try session.uidSearch("KEYWORD $Intake") == [a])
            #expect(try session.uidSearch("UNKEYWORD $Intake") == [b])
            #expect(try session.status(box).messages == 2)
            #expect(throws: IMAPError.self) { try session.addKeyword("\\Seen", to: [b]) }
            #expect(try session.flags([b])[b]?.subtracting(["\\Recent"]) == [])
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func copyKeepsTheOriginal() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let box = TestServer.uniqueMailbox("copy")
            try session.createMailbox(box)
            let a = try #require(try session.append(sampleMessage(1), to: box))
            try session.select(box)
            try session.copy([a], to: box + "-copy")
            #expect(try session.status(box + "-copy").messages == 1)
            #expect(try session.status(box).messages == 1)
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.deleteMailbox(box + "-copy")
            try session.logout()
        }
    }
}
