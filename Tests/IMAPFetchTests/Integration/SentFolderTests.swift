import Foundation
import IMAPFetch
import Testing

extension DovecotTests {
    /// What an outbox asks of the Sent folder: find a reply by its Message-ID, keep a copy marked read.
    @Suite struct SentFolder {
        @Test func aMessageAppendedIsFoundByItsMessageIDAndNoOtherIs() throws {
            let session = try TestServer.current().session()
            defer { try? session.logout() }
            let folder = TestServer.uniqueMailbox("sent")
            // The folder does not exist yet: nothing is in it, and the first append creates it.
            #expect(try session.uids(withMessageID: "<a-1@example.test>", in: folder).isEmpty)
            let first = Array("From: sales@example.test\r\nTo: r@school.test\r\nSubject: one\r\nMessage-ID: <LX-2026-0042.r1.abc@example.test>\r\n\r\none\r\n".utf8)
            let second = Array("From: sales@example.test\r\nTo: r@school.test\r\nSubject: two\r\nMessage-ID: <LX-2026-0042.r1.abcd@example.test>\r\nReferences: <x-LX-2026-0042.r1.abc@example.test>\r\n\r\ntwo\r\n".utf8)
            let uid = try #require(try session.appendSeen(first, to: folder))
            try session.appendSeen(second, to: folder)
            #expect(try session.uids(withMessageID: "LX-2026-0042.r1.abc@example.test", in: folder) == [uid])
            #expect(try session.uids(withMessageID: "<LX-2026-0042.r1.abc@example.test>", in: folder) == [uid])
            #expect(try session.uids(withMessageID: "LX-2026-0042.r1.ab@example.test", in: folder).isEmpty)
            #expect(try session.uids(withMessageID: "LX-2026-0042.r2.abc@example.test", in: folder).isEmpty)
            // Marked read: a sent message is not news to the team.
            #expect(try session.uidSearch("SEEN").count == 2)
            try session.select("INBOX")
            try session.deleteMailbox(folder)
        }

        @Test(arguments: ["a\"@b", "a\r\nX DELETE INBOX", "a b@c", "<a>b@c>", "", "<>", "a\\b@c", "á@b"])
        func aMessageIDThatCannotBeQuotedSafelyIsRefused(id: String) throws {
            #expect(IMAPSession.messageIDCriterion(id) == nil)
        }

        @Test func theCriterionKeepsTheAngleBrackets() {
            #expect(IMAPSession.messageIDCriterion("x.1@y") == "HEADER Message-ID \"<x.1@y>\"")
            #expect(IMAPSession.messageIDCriterion("<x.1@y>") == "HEADER Message-ID \"<x.1@y>\"")
        }
    }
}
