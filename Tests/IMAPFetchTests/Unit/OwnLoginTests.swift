import Foundation
@testable import IMAPFetch
import Testing

/// The login the session sends itself (a password, without STARTTLS): one LOGIN after the greeting,
/// no CAPABILITY first; libcurl's login where the server or the credential needs it.
@Suite struct OwnLoginTests {
    static func endpoint(_ server: ScriptedServer, password: String = "p", user: String = "u") -> IMAPEndpoint {
        IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                     user: user, credential: .password(password), timeout: 5)
    }

    @Test func theLoginIsOneCommandOfQuotedStrings() throws {
        let server = try ScriptedServer(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n",
            "* BYE bye\r\n%TAG% OK done\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server, password: #"pa"ss\w0rd"#, user: "sales@example.com"))
        #expect(try session.capabilities == ["IMAP4REV1", "IDLE"])
        #expect(session.roundTrips == 0)
        try session.logout()
        #expect(server.received == [#"i0 LOGIN "sales@example.com" "pa\"ss\\w0rd""#, "i1 LOGOUT"])
    }

    @Test func capabilitiesSentBeforeTheAnswerCount() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "* CAPABILITY IMAP4rev1 MOVE\r\n%TAG% OK Logged in\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server))
        #expect(try session.capabilities == ["IMAP4REV1", "MOVE"])
    }

    @Test func anAnswerWithoutCapabilitiesIsFollowedByCAPABILITY() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "%TAG% OK Logged in\r\n",
            "* CAPABILITY IMAP4rev1 UIDPLUS\r\n%TAG% OK done\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server))
        #expect(try session.capabilities == ["IMAP4REV1", "UIDPLUS"])
        #expect(server.received.map { $0.split(separator: " ")[1] } == ["LOGIN", "CAPABILITY"])
    }

    @Test func aPreauthenticatedGreetingNeedsNoLogin() throws {
        let server = try ScriptedServer(greeting: "* PREAUTH [CAPABILITY IMAP4rev1 IDLE] welcome\r\n", answers: [
            "* STATUS INBOX (MESSAGES 2 UIDNEXT 7 UIDVALIDITY 99)\r\n%TAG% OK done\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server))
        #expect(try session.capabilities == ["IMAP4REV1", "IDLE"])
        #expect(try session.status().uidNext == 7)
        #expect(!server.received.contains { $0.contains("LOGIN") })
    }

    @Test func aGreetingOfByeSaysWhy() throws {
        let server = try ScriptedServer(greeting: "* BYE [UNAVAILABLE] down for maintenance\r\n", answers: [])
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(Self.endpoint(server)) }
        guard case .connectionLost(_, let during, let detail)? = error else {
            Issue.record("expected connectionLost, got \(String(describing: error))")
            return
        }
        #expect(during == "login")
        #expect(detail.contains("down for maintenance"))
    }

    @Test(arguments: ["+ go on\r\n", "i0 OK no greeting\r\n", "* garbage\r\n"])
    func aGreetingThatIsNotOneIsAnError(greeting: String) throws {
        let server = try ScriptedServer(greeting: greeting, answers: [])
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(Self.endpoint(server)) }
        guard case .protocolViolation? = error else {
            Issue.record("expected protocolViolation, got \(String(describing: error))")
            return
        }
    }

    @Test func aRefusalIsTheServersWordsAndNotThePassword() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "* OK [ALERT] look here\r\n%TAG% NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
        ])
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(Self.endpoint(server, password: "hunter2")) }
        #expect(error == .loginFailed(user: "u", server: "127.0.0.1:\(server.port)",
                                      serverSays: "[AUTHENTICATIONFAILED] Authentication failed.", usedToken: false))
        #expect(error.map { "\($0)" }?.contains("hunter2") == false)
    }

    /// LOGINDISABLED: the session gives the connection up and lets libcurl log in on a new one
    /// (CAPABILITY, then SASL PLAIN).
    @Test func aServerThatTakesNoLOGINGetsLibcurlsLogin() throws {
        let server = try ScriptedServer(connections: [
            ("* OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=PLAIN] ready\r\n", []),
            ("* OK ready\r\n", [
                "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\n%TAG% OK done\r\n",
                "%TAG% OK [CAPABILITY IMAP4rev1 MOVE] Logged in\r\n",
            ]),
        ])
        let session = try IMAPSession(Self.endpoint(server))
        #expect(try session.capabilities == ["IMAP4REV1", "MOVE"])
        let verbs = server.received.map { $0.split(separator: " ").dropFirst().first.map(String.init) ?? "" }
        #expect(verbs == ["CAPABILITY", "AUTHENTICATE"], "\(server.received)")
    }

    /// Outside printable ASCII LOGIN would need a literal; libcurl's login has the SASL ways.
    @Test func aPasswordOutsidePrintableASCIIGoesThroughLibcurl() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN\r\n%TAG% OK done\r\n",
            "%TAG% OK [CAPABILITY IMAP4rev1] Logged in\r\n",
        ])
        _ = try IMAPSession(Self.endpoint(server, password: "pässwört"))
        #expect(server.received.first?.hasSuffix("CAPABILITY") == true, "\(server.received)")
        #expect(!CurlLogin.logsInItself(Self.endpoint(server, password: "tab\there")))
        #expect(CurlLogin.logsInItself(Self.endpoint(server, password: #"all ~!@#$%^&*()"\ printable"#)))
    }

    @Test(arguments: ["p\r\nA1 DELETE INBOX", "p\nx", "p\0x"])
    func aLineBreakInThePasswordIsRefusedBeforeConnecting(password: String) throws {
        let server = try ScriptedServer(greeting: nil, answers: [])
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(Self.endpoint(server, password: password)) }
        guard case .invalidEndpoint(let reason)? = error else {
            Issue.record("expected invalidEndpoint, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("line break"))
        #expect(!"\(error!)".contains("DELETE"))
    }

    /// Not awaiting the login: SELECT and both searches go out before the LOGIN is answered (the server
    /// holds that answer until more comes), and the LOGIN's answer is read first.
    @Test func theFirstCommandsGoBeforeTheLoginIsAnswered() throws {
        let server = try ScriptedServer(greeting: "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n", answers: [
            "%HOLD%* CAPABILITY IMAP4rev1 ESEARCH\r\n%TAG% OK Logged in\r\n",
            ESearchTests.selected,
            "* ESEARCH (TAG \"i1\") UID ALL 19\r\n%TAG% OK done\r\n",
            "* ESEARCH (TAG \"i2\") UID ALL 12:13\r\n%TAG% OK done\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server), awaitingLogin: false)
        let (state, found) = try session.select("INBOX", searchingAfter: 11, ifValidity: 7, matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(state == MailboxState(uidValidity: 7, uidNext: 20, exists: 3))
        #expect(found == [[19], [12, 13]])
        #expect(session.roundTrips == 1)
        #expect(try session.capabilities == ["IMAP4REV1", "ESEARCH"])
        #expect(server.received.map { $0.split(separator: " ")[1] } == ["LOGIN", "SELECT", "UID", "UID"])
    }

    @Test func aLoginRefusedWhileTheFirstCommandWaitedIsThatCommandsError() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "%HOLD%%TAG% NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
            "%TAG% BAD Not authenticated\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server, password: "hunter2"), awaitingLogin: false)
        let error = #expect(throws: IMAPError.self) { _ = try session.status() }
        let refused = IMAPError.loginFailed(user: "u", server: "127.0.0.1:\(server.port)",
                                            serverSays: "[AUTHENTICATIONFAILED] Authentication failed.", usedToken: false)
        #expect(error == refused)
        #expect(session.closedBy == refused, "what follows answers commands sent unauthenticated")
    }

    /// NAMESPACE and the searches went out before the login said the server has neither: the SELECT goes
    /// again, the mailbox named as LIST says, and the searches' answers are dropped (the pass searches after).
    @Test func aServerWithoutNAMESPACEOrESEARCHGetsTheSelectAgainAsItCan() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "%HOLD%%TAG% OK [CAPABILITY IMAP4rev1] Logged in\r\n",
            "%TAG% BAD Unknown command\r\n",
            "%TAG% NO [NONEXISTENT] No such mailbox\r\n",
            "%TAG% BAD Unknown search\r\n",
            "%TAG% BAD Unknown search\r\n",
            "* LIST (\\Noselect) \".\" \"\"\r\n%TAG% OK done\r\n",
            ESearchTests.selected,
            "%TAG% OK noop done\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server), awaitingLogin: false)
        let (state, found) = try session.select("Sales/Requests", searchingAfter: 11, ifValidity: nil, matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(state == MailboxState(uidValidity: 7, uidNext: 20, exists: 3))
        #expect(found == nil)
        try session.noop()
        #expect(server.received.map { $0.split(separator: " ")[1] } == ["LOGIN", "NAMESPACE", "SELECT", "UID", "UID", "LIST", "SELECT", "NOOP"])
        #expect(server.received.last { $0.contains("SELECT") }?.hasSuffix(#"SELECT "Sales.Requests""#) == true, "\(server.received)")
    }

    /// A server that takes the commands sent with the LOGIN before the login is done, and refuses them as
    /// unauthenticated: the SELECT goes once more, alone, and the pass searches after it.
    @Test func aSelectRefusedBeforeTheLoginWasDoneGoesAgain() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "%HOLD%%TAG% OK [CAPABILITY IMAP4rev1 ESEARCH] Logged in\r\n",
            "%TAG% BAD Not authenticated\r\n",
            "%TAG% BAD Not authenticated\r\n",
            "%TAG% BAD Not authenticated\r\n",
            ESearchTests.selected,
        ])
        let session = try IMAPSession(Self.endpoint(server), awaitingLogin: false)
        let (state, found) = try session.select("INBOX", searchingAfter: 11, ifValidity: 7, matching: ["LARGER 100", "NOT LARGER 100"])
        #expect(state == MailboxState(uidValidity: 7, uidNext: 20, exists: 3))
        #expect(found == nil)
        #expect(server.received.map { $0.split(separator: " ")[1] } == ["LOGIN", "SELECT", "UID", "UID", "SELECT"])
    }

    /// A refusal that is real comes again, and is the command's error.
    @Test func aMailboxThatIsNotThereIsStillAnError() throws {
        let server = try ScriptedServer(greeting: "* OK ready\r\n", answers: [
            "%HOLD%%TAG% OK [CAPABILITY IMAP4rev1] Logged in\r\n",
            "%TAG% NO [NONEXISTENT] No such mailbox\r\n",
            "%TAG% NO [NONEXISTENT] No such mailbox\r\n",
        ])
        let session = try IMAPSession(Self.endpoint(server), awaitingLogin: false)
        let error = #expect(throws: IMAPError.self) { _ = try session.status() }
        #expect(error == .commandFailed(command: "STATUS INBOX", server: "127.0.0.1:\(server.port)",
                                        serverSays: "NO [NONEXISTENT] No such mailbox"))
        #expect(server.received.map { $0.split(separator: " ")[1] } == ["LOGIN", "STATUS", "STATUS"])
    }

    @Test func aTokenOrSTARTTLSStaysWithLibcurl() {
        var endpoint = IMAPEndpoint(host: "h", port: 993, security: .imaps, user: "u", credential: .password("p"), timeout: 5)
        #expect(CurlLogin.logsInItself(endpoint))
        endpoint.credential = .bearerToken("t")
        #expect(!CurlLogin.logsInItself(endpoint))
        endpoint.credential = .password("p")
        endpoint.security = .startTLS
        #expect(!CurlLogin.logsInItself(endpoint))
    }

    /// The proxy an imaps:// URL would take from the environment, never https_proxy's.
    @Test func theProxyIsTheOneLibcurlWouldTakeForIMAP() {
        let environment = ["https_proxy": "http://web:3128", "all_proxy": "socks5://all:1080", "imaps_proxy": "http://mail:8080"]
        #expect(CurlLogin.environmentProxy("imaps") { environment[$0] } == "http://mail:8080")
        #expect(CurlLogin.environmentProxy("imap") { environment[$0] } == "socks5://all:1080")
        #expect(CurlLogin.environmentProxy("imaps") { ["https_proxy": "http://web:3128", "ALL_PROXY": "socks5://x:1"][$0] } == "socks5://x:1")
        #expect(CurlLogin.environmentProxy("imaps") { ["https_proxy": "http://web:3128", "http_proxy": "http://web:3128"][$0] } == "")
    }
}
