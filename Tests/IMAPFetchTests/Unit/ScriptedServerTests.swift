import Foundation
import IMAPFetch
import Testing

/// An IMAP server on 127.0.0.1 that plays a script per connection: for each line it receives,
/// the next canned answer (`%TAG%` replaced by the command's tag). An answer that starts with
/// `%HOLD%` is sent only once the next line has come: a client that waits for it never gets it. For what Dovecot won't do:
/// no STARTTLS, a server that never answers.
final class ScriptedServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var lines: [String] = []
    /// What the client sent, line by line.
    var received: [String] { lock.withLock { lines } }

    convenience init(greeting: String?, answers: [String]) throws {
        try self.init(connections: [(greeting, answers)])
    }

    /// One script per connection, in the order the client connects.
    init(connections: [(greeting: String?, answers: [String])]) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 1) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let listener = fd
        Thread.detachNewThread { [self] in
            for (greeting, answers) in connections { play(greeting, answers, on: accept(listener, nil, nil)) }
        }
    }

    private func play(_ greeting: String?, _ answers: [String], on client: Int32) {
        guard client >= 0 else { return }
        defer { close(client) }
        func send(_ text: String) { _ = text.withCString { write(client, $0, strlen($0)) } }
        if let greeting { send(greeting) } else { sleep(30); return }
        var pending: [UInt8] = []
        var script = answers[...]
        var held: String?
        var buffer = [UInt8](repeating: 0, count: 4096)
        while script.first != nil {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { return }
            pending += buffer[0..<n]
            // Commands sent together arrive in one read: each line takes the next answer.
            while let newline = pending.firstIndex(of: 10), let answer = script.first {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                self.lock.withLock { self.lines.append(line.trimmingCharacters(in: .newlines)) }
                let tag = String(line.prefix { $0 != " " })
                if answer.isEmpty { sleep(30); return }  // stall
                let tagged = answer.replacingOccurrences(of: "%TAG%", with: tag)
                if let earlier = held { send(earlier); held = nil }
                if tagged.hasPrefix("%HOLD%") { held = String(tagged.dropFirst(6)) } else { send(tagged) }
                script = script.dropFirst()
                guard script.first != nil else { return }
            }
        }
    }

    deinit { close(listener) }
}

@Suite struct ScriptedServerTests {
    @Test func startTLSIsRequiredUnlessPlaintextIsAllowed() throws {
        let capability = "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n%TAG% OK done\r\n"
        let server = try ScriptedServer(greeting: "* OK fake IMAP without STARTTLS\r\n", answers: [capability])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .startTLS,
                                    user: "u", credential: .password("secret-password"), timeout: 5)
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(endpoint) }
        #expect(error == .tlsRequired(server: "127.0.0.1:\(server.port)"))
        #expect(error.map { "\($0)" }?.contains("--allow-plaintext") == true)
    }

    @Test func plaintextLoginWhenAllowed() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 IDLE] Logged in\r\n",
            "* STATUS INBOX (MESSAGES 2 UIDNEXT 7 UIDVALIDITY 99)\r\n%TAG% OK done\r\n",
        ])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        let session = try IMAPSession(endpoint)
        #expect(try session.capabilities == ["IMAP4REV1", "IDLE"])
        #expect(try session.status() == MailboxStatus(uidValidity: 99, uidNext: 7, messages: 2))
        #expect(session.roundTrips == 1)
    }

    /// NAMESPACE goes out with the first command that names a mailbox, which names it as most servers do;
    /// a server that spells it otherwise ("INBOX." and ".") gets the command again with its spelling.
    @Test func aMailboxNameIsSentAgainInTheServersOwnNamespace() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 NAMESPACE] Logged in\r\n",
            "* NAMESPACE ((\"INBOX.\" \".\")) NIL NIL\r\n%TAG% OK done\r\n",
            "%TAG% NO [NONEXISTENT] Mailbox doesn't exist\r\n",
            "* STATUS INBOX.Intake.Accepted (MESSAGES 1 UIDNEXT 5 UIDVALIDITY 9)\r\n%TAG% OK done\r\n",
            "* STATUS INBOX.Intake.Review (MESSAGES 2 UIDNEXT 6 UIDVALIDITY 9)\r\n%TAG% OK done\r\n",
        ])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        let session = try IMAPSession(endpoint)
        #expect(try session.status("Intake/Accepted") == MailboxStatus(uidValidity: 9, uidNext: 5, messages: 1))
        #expect(session.roundTrips == 2, "NAMESPACE with the first STATUS, then the STATUS again")
        #expect(try session.status("Intake/Review") == MailboxStatus(uidValidity: 9, uidNext: 6, messages: 2))
        #expect(session.roundTrips == 3, "the namespace is known from then on")
        let sent = server.received.filter { $0.contains("STATUS") || $0.contains("NAMESPACE") }.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? "" }
        #expect(sent == ["NAMESPACE", "STATUS \"Intake/Accepted\" (MESSAGES UIDNEXT UIDVALIDITY)",
                         "STATUS \"INBOX.Intake.Accepted\" (MESSAGES UIDNEXT UIDVALIDITY)",
                         "STATUS \"INBOX.Intake.Review\" (MESSAGES UIDNEXT UIDVALIDITY)"], "\(sent)")
    }

    @Test(.timeLimit(.minutes(10)))
    func aServerThatNeverGreetsTimesOut() throws {
        let server = try ScriptedServer(greeting: nil, answers: [])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 1)
        let start = ContinuousClock.now
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(endpoint) }
        #expect(ContinuousClock.now - start < .seconds(10))
        guard case .timedOut? = error else {
            Issue.record("expected timedOut, got \(String(describing: error))")
            return
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func aServerThatStopsAnsweringTimesOut() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1] Logged in\r\n",
            "",  // then silence
        ])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 1)
        let session = try IMAPSession(endpoint)
        let error = #expect(throws: IMAPError.self) { _ = try session.status() }
        #expect(error == .timedOut(server: "127.0.0.1:\(server.port)", during: "STATUS INBOX", seconds: 1))
    }

    @Test func bearerTokenGoesAsXOAUTH2() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2\r\n%TAG% OK done\r\n",
            "%TAG% OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in\r\n",
            "* BYE bye\r\n%TAG% OK done\r\n",
        ])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "sales@example.com", credential: .bearerToken("ya29.token"), timeout: 5)
        let session = try IMAPSession(endpoint)
        try session.logout()
        let login = try #require(server.received.first { $0.contains("AUTHENTICATE") })
        let parts = login.split(separator: " ")
        #expect(parts.count == 4 && parts[2] == "XOAUTH2")
        let decoded = Data(base64Encoded: String(parts.last ?? "")).map { String(decoding: $0, as: UTF8.self) }
        #expect(decoded == "user=sales@example.com\u{1}auth=Bearer ya29.token\u{1}\u{1}")
    }

    @Test func aLoginRefusalIsQuotedWithoutThePassword() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% NO [AUTHENTICATIONFAILED] Basic authentication is disabled for this tenant\r\n",
        ])
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "sales@example.com", credential: .password("hunter2"), timeout: 5)
        let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(endpoint) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("IMAP login failed for sales@example.com at 127.0.0.1:\(server.port): the server says [AUTHENTICATIONFAILED] Basic authentication is disabled for this tenant"))
        #expect(!text.contains("hunter2"))
    }
}

@Suite struct ResponseBoundsTests {
    static let login = [
        "%TAG% OK [CAPABILITY IMAP4rev1] Logged in\r\n",
    ]

    /// Logged in with MOVE, INBOX selected: then `answers`, one per command.
    static func movingServer(_ answers: [String]) throws -> (ScriptedServer, IMAPSession) {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: [
            "%TAG% OK [CAPABILITY IMAP4rev1 MOVE] Logged in\r\n",
            "* 2 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 3] ok\r\n%TAG% OK [READ-WRITE] done\r\n",
            "* LIST (\\Noselect) \"/\" \"\"\r\n%TAG% OK done\r\n",  // the hierarchy's delimiter, asked before a folder is named
        ] + answers)
        let endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        let session = try IMAPSession(endpoint)
        _ = try session.select("INBOX")
        return (server, session)
    }

    /// CI saw Dovecot answer a MOVE with [TRYCREATE] for a folder that was there, while other sessions
    /// created and deleted theirs: CREATE then says it exists. The move is tried once more and goes.
    @Test func aMoveToldToCreateAFolderThatThenExistsIsTriedOnceMore() throws {
        let (server, session) = try Self.movingServer([
            "%TAG% NO [TRYCREATE] Mailbox doesn't exist: Intake/Accepted\r\n",
            "%TAG% NO [ALREADYEXISTS] Mailbox already exists\r\n",
            "* 1 EXPUNGE\r\n%TAG% OK Move completed\r\n",
        ])
        try session.move([1], to: "Intake/Accepted")
        let sent = server.received.compactMap { $0.split(separator: " ", maxSplits: 1).last.map(String.init) }.suffix(3)
        #expect(Array(sent) == ["UID MOVE 1 \"Intake/Accepted\"", "CREATE \"Intake/Accepted\"", "UID MOVE 1 \"Intake/Accepted\""], "\(sent)")
    }

    /// Any other refusal, with the folder there, stands: no second try.
    @Test func aMoveRefusedForAnotherReasonIsNotTriedAgain() throws {
        let (server, session) = try Self.movingServer([
            "%TAG% NO [OVERQUOTA] Quota exceeded\r\n",
            "%TAG% NO [ALREADYEXISTS] Mailbox already exists\r\n",
            "%TAG% OK should not be asked\r\n",
        ])
        let error = #expect(throws: IMAPError.self) { try session.move([1], to: "Intake/Accepted") }
        #expect(error.map { "\($0)" }?.contains("OVERQUOTA") == true)
        #expect(server.received.filter { $0.contains("UID MOVE") }.count == 1)
    }

    static func session(_ server: ScriptedServer, limits: IMAPLimits) throws -> IMAPSession {
        var endpoint = IMAPEndpoint(host: "127.0.0.1", port: server.port, security: .plaintext,
                                    user: "u", credential: .password("p"), timeout: 5)
        endpoint.limits = limits
        return try IMAPSession(endpoint)
    }

    @Test func aLiteralLargerThanTheLargestMessageIsRefusedBeforeItIsReadAndEndsTheSession() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: Self.login + [
            "* STATUS INBOX (MESSAGES {5000}\r\n",  // announced, never sent
            "%TAG% OK done\r\n",
        ])
        let session = try Self.session(server, limits: IMAPLimits(maxMessageBytes: 1000))
        let error = try #require(#expect(throws: IMAPError.self) { _ = try session.status() })
        #expect("\(error)".contains("a literal of 5000 bytes, more than the largest message accepted (1000 bytes) during STATUS INBOX"),
                "\(String(describing: error))")
        // The session is over: the next command fails at once with the same error, nothing sent.
        let start = ContinuousClock.now
        #expect(throws: error) { try session.noop() }
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(session.closedBy == error)
        #expect(!server.received.contains { $0.contains("NOOP") })
    }

    @Test func literalsOfOneResponseCountTogether() throws {
        // 1,200 literals of 1,000 bytes in one response: each is within the largest message (1,000
        // bytes), together they pass it and its margin (1 MB); once, all of them were kept.
        let part = String(repeating: "x", count: 1000)
        let answer = "* 1 FETCH (" + (0..<1200).map { "BODY[\($0)] {1000}\r\n" + part }.joined(separator: " ") + ")\r\n%TAG% OK done\r\n"
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: Self.login + [answer])
        let session = try Self.session(server, limits: IMAPLimits(maxMessageBytes: 1000))
        let error = #expect(throws: IMAPError.self) { _ = try session.status() }
        #expect(error.map { "\($0)" }?.contains("a response of more than 1 MB") == true, "\(String(describing: error))")
        #expect(session.largestResponse <= 1000 + (1 << 20) + 64, "\(session.largestResponse)")
    }
}

@Suite struct SearchWindowTests {
    @Test func sparseWindowsWidenAndAnOverflowingOneNarrowsSoNoAnswerHoldsMoreThanAWindow() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: ResponseBoundsTests.login + [
            "* 100 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 1001] ok\r\n%TAG% OK [READ-WRITE] done\r\n",
            "* SEARCH\r\n%TAG% OK done\r\n",                            // 1:4, empty: wider
            "* SEARCH\r\n%TAG% OK done\r\n",                            // 5:12, empty: wider
            "* SEARCH 13 14 15 16 17 18 19 20 21 22\r\n%TAG% OK done\r\n", // 13:28, too many: narrower
            "* SEARCH 13 14 15 16 17\r\n%TAG% OK done\r\n",             // 13:20, too many: narrower
            "* SEARCH 13 14 15 16 999\r\n%TAG% OK done\r\n",            // 13:16, 999 is outside
        ])
        var limits = IMAPLimits()
        limits.searchWindow = 4
        let session = try ResponseBoundsTests.session(server, limits: limits)
        let mailbox = try session.select()
        var windows: [[UInt32]] = []
        try session.newUIDs(after: 0, in: mailbox) { uids in
            windows.append(uids)
            return false
        }
        #expect(windows == [[13, 14, 15, 16]])
        let searches = server.received.filter { $0.contains("SEARCH") }.map { $0.split(separator: " ").dropFirst().joined(separator: " ") }
        #expect(searches == ["UID SEARCH UID 1:4", "UID SEARCH UID 5:12", "UID SEARCH UID 13:28", "UID SEARCH UID 13:20", "UID SEARCH UID 13:16"])
    }

    @Test func fewNewMessagesCostOneSearchAsBefore() throws {
        let server = try ScriptedServer(greeting: "* OK fake\r\n", answers: ResponseBoundsTests.login + [
            "* 3 EXISTS\r\n* OK [UIDVALIDITY 1] ok\r\n* OK [UIDNEXT 4000000] ok\r\n%TAG% OK [READ-WRITE] done\r\n",
            "* SEARCH 7 3999999 12\r\n%TAG% OK done\r\n",
        ])
        let session = try ResponseBoundsTests.session(server, limits: IMAPLimits())
        let mailbox = try session.select()
        var windows: [[UInt32]] = []
        try session.newUIDs(after: 5, in: mailbox, matching: "NOT KEYWORD $Intake") { windows.append($0); return true }
        #expect(windows == [[7, 12, 3999999]])
        #expect(server.received.last?.hasSuffix("UID SEARCH UID 6:* NOT KEYWORD $Intake") == true, "\(server.received)")
    }
}
