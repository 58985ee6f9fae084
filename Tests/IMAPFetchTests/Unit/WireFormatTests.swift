@testable import IMAPFetch
import Testing

@Suite struct WireFormatTests {
    @Test func uidSetsCompressRanges() {
        let sets = UIDSet.sets([9, 3, 4, 5, 7, 3, 12, 13, 14])
        #expect(sets.map(\.text) == ["3:5,7,9,12:14"])
        #expect(sets.map(\.count) == [8])
    }

    @Test func uidSetsRespectMessageWindow() {
        let sets = UIDSet.sets(Array(1...10) + [20, 21, 22], maxUIDs: 4)
        #expect(sets.map(\.text) == ["1:4", "5:8", "9:10,20:21", "22"])
        #expect(sets.map(\.count) == [4, 4, 4, 1])
    }

    @Test(arguments: [
        ("* 1 FETCH (UID 5 BODY[] {123}", .size(123)),
        ("A1 APPEND INBOX {9+}", .size(9)),
        ("* 1 FETCH (BINARY[] ~{0}", .size(0)),
        ("* 1 FETCH (UID 5 BODY[] {9999999999999999}", .size(9_999_999_999_999_999)),
        ("* 1 FETCH (UID 5 BODY[] {1234567890123456789}", .malformed),
        ("* 1 FETCH (UID 5 BODY[] {00000000000000000000000000001}", .malformed),
        ("* OK no literal", .none),
        ("* OK {12", .none),
        ("* OK 12}", .none),
        ("* OK {}", .none),
        ("* OK 1234567890123456789}", .none),
    ] as [(String, IMAPResponse.LiteralMarker)])
    func literalMarkers(_ line: String, _ marker: IMAPResponse.LiteralMarker) {
        #expect(IMAPResponse.literalMarker(endingLine: Array(line.utf8)) == marker)
    }

    /// Each of these was once taken as a message (empty, or cut), filed and its UID moved.
    @Test(arguments: [
        "* 1 FETCH (UID 5 RFC822.SIZE 10 BODY[] {9999999999999999})",
        "* 1 FETCH (UID 5 RFC822.SIZE 10 BODY[] \"half a message",
        "* 1 FETCH (UID 5 RFC822.SIZE 10 BODY[] NILX)",
        "* 1 FETCH (UID 5 RFC822.SIZE 10 BODY[] \"whole\"",
        "* 1 FETCH (UID x BODY[] \"whole\")",
        "* 1 FETCH (BODY[] \"whole\")",
        "* 1 FETCH (UID 5 FLAGS (\\Seen BODY[] \"whole\")",
        "* 1 FETCH UID 5 BODY[] \"whole\"",
    ])
    func brokenFetchAnswersAreErrorsNotMessages(_ line: String) {
        var response = IMAPResponse(lines: [Array(line.utf8)], literals: [])
        #expect(throws: IMAPSession.MalformedFetch.self) { _ = try IMAPSession.fetchedMessage(&response) }
    }

    @Test func aBodyOfNILIsNoMessage() throws {
        var response = IMAPResponse(lines: [Array("* 1 FETCH (UID 5 RFC822.SIZE 0 BODY[] NIL)".utf8)], literals: [])
        #expect(try IMAPSession.fetchedMessage(&response) == nil)
    }

    @Test func searchAnswersAreReadWithinTheirWindowAndBound() {
        func read(_ line: String, _ range: ClosedRange<UInt32>, atMost: Int = 10) -> (IMAPSession.SearchAnswer, [UInt32]) {
            var uids: [UInt32] = []
            let answer = IMAPSession.searchUIDs(IMAPResponse(lines: [Array(line.utf8)], literals: []), within: range, into: &uids, atMost: atMost)
            return (answer, uids)
        }
        #expect(read("* SEARCH 3 9 4", 1...100) == (.read, [3, 9, 4]))
        #expect(read("* search 3 9 4294967295", 4...UInt32.max) == (.read, [9, 4294967295]))
        #expect(read("* SEARCH", 1...100) == (.read, []))
        #expect(read("* OK [UIDNEXT 5]", 1...100) == (.notSearch, []))
        #expect(read("* SEARCHING 1", 1...100) == (.notSearch, []))
        #expect(read("* SEARCH 1 2 3 4 5", 1...100, atMost: 4).0 == .tooMany)
        #expect(read("* SEARCH 1 2 x3", 1...100).0 == .malformed("x3"))
        #expect(read("* SEARCH 1 4294967296", 1...100).0 == .malformed("4294967296"))
        #expect(read("* SEARCH 1 (MODSEQ 5)", 1...100).0 == .malformed("(MODSEQ"))
    }

    @Test func fetchResponseWithLiteral() throws {
        var response = IMAPResponse(
            lines: [Array("* 12 FETCH (UID 34 RFC822.SIZE 5 FLAGS (\\Seen $X) BODY[] {5}".utf8), Array(")".utf8)],
            literals: [Array("a)b{c".utf8)])
        let message = try #require(try IMAPSession.fetchedMessage(&response))
        #expect(message.uid == 34)
        #expect(message.serverSize == 5)
        #expect(message.bytes == Array("a)b{c".utf8))
    }

    @Test func flagOnlyFetchIsNotAMessage() throws {
        var response = IMAPResponse(lines: [Array("* 3 FETCH (FLAGS (\\Seen) UID 9)".utf8)], literals: [])
        #expect(try IMAPSession.fetchedMessage(&response) == nil)
    }

    @Test func statusCodes() {
        let response = IMAPResponse(lines: [Array("* OK [UIDVALIDITY 3857529045] UIDs valid".utf8)], literals: [])
        #expect(response.code == "UIDVALIDITY 3857529045")
        #expect(response.status?.word == "OK")
        let tagged = IMAPResponse(lines: [Array("i7 NO [TRYCREATE] Mailbox doesn't exist".utf8)], literals: [])
        #expect(tagged.kind == .tagged("i7"))
        #expect(tagged.code == "TRYCREATE")
    }

    @Test(arguments: [
        ("INBOX", "\"INBOX\""),
        ("Intake/Accepted", "\"Intake/Accepted\""),
        ("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\""),
        ("Entwürfe", "\"Entw&APw-rfe\""),
        ("A&B", "\"A&-B\""),
        ("台北", "\"&U,BTFw-\""),
    ])
    func mailboxNames(_ name: String, _ wire: String) {
        #expect(MailboxName.wire(name) == wire)
    }

    @Test(arguments: [
        ("Intake/Accepted", "", "/", "Intake/Accepted"),
        ("Intake/Accepted", "", ".", "Intake.Accepted"),
        ("Intake/Accepted", "INBOX.", ".", "INBOX.Intake.Accepted"),
        ("INBOX/Sales", "INBOX.", ".", "INBOX.Sales"),
        ("inbox/Sales", "INBOX.", ".", "inbox.Sales"),
        ("INBOX", "INBOX.", ".", "INBOX"),
    ])
    func namesUnderTheServersNamespace(_ name: String, _ prefix: String, _ delimiter: String, _ local: String) {
        #expect(MailboxName.local(name, in: PersonalNamespace(prefix: prefix, delimiter: delimiter.first)) == local)
    }

    @Test func namespaceResponses() {
        func parse(_ line: String) -> PersonalNamespace? {
            IMAPSession.personalNamespace(IMAPResponse(lines: [Array(line.utf8)], literals: []).tokens())
        }
        #expect(parse("* NAMESPACE ((\"\" \"/\")) NIL NIL") == PersonalNamespace(prefix: "", delimiter: "/"))
        #expect(parse("* NAMESPACE ((\"INBOX.\" \".\")) NIL ((\"#shared.\" \".\"))") == PersonalNamespace(prefix: "INBOX.", delimiter: "."))
        #expect(parse("* NAMESPACE ((\"\" NIL)) NIL NIL") == PersonalNamespace(prefix: "", delimiter: nil))
        #expect(parse("* NAMESPACE NIL NIL NIL") == nil)
    }

    @Test func loginRefusalIsQuoted() {
        let transcript = ServerTranscript()
        let text = "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] Dovecot ready.\r\nA002 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n"
        Array(text.utf8).withUnsafeBufferPointer { transcript.append($0) }
        #expect(transcript.refusal == "[AUTHENTICATIONFAILED] Authentication failed.")
    }

    @Test func capabilitiesFromTheLoginAnswer() {
        let transcript = ServerTranscript()
        let text = "A002 OK [CAPABILITY IMAP4rev1 IDLE MOVE UIDPLUS] Logged in\r\n"
        Array(text.utf8).withUnsafeBufferPointer { transcript.append($0) }
        #expect(transcript.capabilitiesAfterLogin == ["IMAP4REV1", "IDLE", "MOVE", "UIDPLUS"])
    }

    @Test func capabilitiesUntaggedBeforeTheLoginAnswer() {
        let transcript = ServerTranscript()
        let text = "A001 OK Pre-login capabilities listed\r\n* CAPABILITY IMAP4rev1 IDLE MOVE\r\nA002 OK Logged in\r\n"
        Array(text.utf8).withUnsafeBufferPointer { transcript.append($0) }
        #expect(transcript.capabilitiesAfterLogin == ["IMAP4REV1", "IDLE", "MOVE"])
    }

    @Test func errorsSayWhatToDo() {
        let login = IMAPError.loginFailed(user: "sales@example.com", server: "mail.example.com:993",
                                          serverSays: "[AUTHENTICATIONFAILED] Authentication failed.", usedToken: false)
        #expect("\(login)".contains("IMAP login failed for sales@example.com at mail.example.com:993: the server says [AUTHENTICATIONFAILED]"))
        #expect("\(login)".contains("--oauth2-token-command"))
        #expect("\(IMAPError.tlsFailed(server: "h:993", detail: "x"))".contains("--ca-file"))
    }
}
