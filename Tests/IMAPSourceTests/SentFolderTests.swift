import Foundation
import IMAPFetch
import MailSources
import Testing
@testable import IMAPSource

/// The outbox's Sent folder: a reply appended is found by its Message-ID on a later session (as
/// after a crash between sending and recording it), and another reply is not.
@Test func aReplyAppendedToTheSentFolderIsFoundOnALaterSessionByItsMessageID() throws {
    let server = try Server.current()
    let folder = "Sent-test-\(UUID().uuidString.prefix(8))"
    let sent = IMAPSentFolder(endpoint: server.endpoint("INBOX"), credentials: .passwordFile(server.passwordFile), folder: folder)
    let id = "LX-2026-0042.r1.\(UUID().uuidString.prefix(8).lowercased())@example.test"
    #expect(try sent.contains(messageID: id) == false, "a folder that does not exist holds nothing")
    try sent.append(Array("From: sales@example.test\r\nTo: requester@school.test\r\nSubject: Re: x [LX-2026-0042]\r\nMessage-ID: <\(id)>\r\nAuto-Submitted: auto-replied\r\n\r\nreceived\r\n".utf8))
    #expect(try sent.contains(messageID: id))
    #expect(try sent.contains(messageID: "<\(id)>"))
    #expect(try sent.contains(messageID: "LX-2026-0042.r2." + id.dropFirst("LX-2026-0042.r1.".count)) == false)
    // A wrong password is a login failure, not "not there".
    let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString)").path
    try "not-the-password\n".write(toFile: wrong, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: wrong) }
    let locked = IMAPSentFolder(endpoint: server.endpoint("INBOX"), credentials: .passwordFile(wrong), folder: folder)
    #expect { try locked.contains(messageID: id) } throws: { error in (error as? SourceError)?.kind == .login }
    let s = try server.session("INBOX")
    try s.deleteMailbox(folder)
    try? s.logout()
}
