import Filing
import Foundation
import IMAPFetch
import Testing
@testable import IMAPSource

/// `IMAPMailSource.moveCopy`, against the private Dovecot: a filed message's copy moves between Intake/
/// folders exactly once, found by its Message-ID (else its size) and told apart by its bytes.
struct ServerCopyMoveTests {
    func copy(of message: [UInt8], messageID: String?) -> ServerCopy {
        let sha = CaseStore.sha256(message)
        return ServerCopy(messageID: messageID, size: message.count) { CaseStore.sha256($0) == sha }
    }

    @Test func aCopyMovesOnceAndADuplicateLeftByACutMoveIsRemoved() throws {
        let f = try Fixture("copy-move")
        defer { f.cleanUp() }
        let messages = try sampleMessages(2, tag: "copy-\(f.prefix)")
        let (rejected, accepted, review) = (f.prefix + "/Rejected", f.prefix + "/Accepted", f.prefix + "/Review")
        let s = try f.server.session("INBOX")
        defer { try? s.logout() }
        _ = try s.createMailbox(rejected)
        _ = try s.append(messages[0], to: rejected)
        // Same Message-ID, other bytes (a resend): never taken for the filed message.
        var resend = messages[0]
        resend += Array("\r\nP.S.\r\n".utf8)
        _ = try s.append(resend, to: rejected)
        let source = f.source()
        let id = "<copy-\(f.prefix)-0@imap.test>"

        #expect(try source.moveCopy(copy(of: messages[0], messageID: id), from: "Rejected", to: "Accepted", on: s) == .moved(from: rejected))
        #expect(try f.count(accepted) == 1 && f.count(rejected) == 1, "only the filed message's own bytes moved")
        // Done again (a crash before the store recorded it): nothing more happens.
        #expect(try source.moveCopy(copy(of: messages[0], messageID: id), from: "Rejected", to: "Accepted", on: s) == .alreadyThere)
        #expect(try f.count(accepted) == 1)

        // A COPY whose expunge was cut short leaves it in both: the old one goes, never the target's.
        _ = try s.append(messages[0], to: rejected)
        #expect(try source.moveCopy(copy(of: messages[0], messageID: id), from: "Rejected", to: "Accepted", on: s) == .duplicateRemoved(from: rejected))
        #expect(try f.count(accepted) == 1 && f.count(rejected) == 1)

        // Without MOVE (COPY + \Deleted + UID EXPUNGE), and found elsewhere than where the store thought.
        s.pretendNoMove = true
        #expect(try source.moveCopy(copy(of: messages[0], messageID: id), from: "Rejected", to: "Review", elsewhere: ["Accepted"], on: s)
                == .moved(from: accepted))
        #expect(try f.count(review) == 1 && f.count(accepted) == 0 && f.count(rejected) == 1)
        s.pretendNoMove = false

        // No Message-ID: found by its size, told by its bytes.
        let bare = Array(String(decoding: messages[1], as: UTF8.self).replacingOccurrences(of: "Message-ID: <copy-\(f.prefix)-1@imap.test>\r\n", with: "").utf8)
        _ = try s.append(bare, to: review)
        #expect(try source.moveCopy(copy(of: bare, messageID: nil), from: "Review", to: "Rejected", on: s) == .moved(from: review))
        #expect(try f.count(rejected) == 2 && f.count(review) == 1)

        // Gone from the server: nothing is touched, and it says where it looked.
        let gone = Array("Message-ID: <never-\(f.prefix)@imap.test>\r\n\r\nx\r\n".utf8)
        #expect(try source.moveCopy(copy(of: gone, messageID: "<never-\(f.prefix)@imap.test>"), from: "Review", to: "Accepted", on: s)
                == .notFound(searched: [accepted, review]))
        #expect(try f.count(rejected) == 2 && f.count(review) == 1 && f.count(accepted) == 0)
    }
}
