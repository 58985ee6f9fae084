import SMTPSubmit
import Testing

@Suite struct EndpointTests {
    @Test func urlsGiveTheSecurityAndTheDefaultPorts() throws {
        let smtps = try #require(SMTPEndpoint(url: "smtps://mail.example.test", user: "u@example.test", credential: .password("p")))
        #expect(smtps.security == .smtps && smtps.port == 465 && smtps.host == "mail.example.test")
        let submission = try #require(SMTPEndpoint(url: "SMTP://mail.example.test:2587/", user: "u", credential: .password("p")))
        #expect(submission.security == .startTLS && submission.port == 2587)
        let v6 = try #require(SMTPEndpoint(url: "smtp://[::1]", user: "u", credential: .password("p")))
        #expect(v6.host == "::1" && v6.port == 587 && v6.server == "[::1]:587")
    }

    @Test(arguments: ["imaps://mail.example.test", "smtp://", "smtp://user:pw@mail.example.test", "smtp://mail.example.test/path",
                      "smtp://mail.example.test:0", "smtp://mail.example.test:x", "smtp://[::1", "smtps://mail example.test"])
    func badURLsAreRefused(url: String) {
        #expect(SMTPEndpoint(url: url, user: "u", credential: .password("p")) == nil)
    }

    @Test func printingAnEndpointNeverShowsTheSecret() {
        let endpoint = SMTPEndpoint(host: "h", security: .startTLS, user: "u", credential: .bearerToken("tok-123"))
        #expect(!"\(endpoint)".contains("tok-123"))
        #expect(!String(reflecting: endpoint).contains("tok-123"))
        #expect("\(endpoint)" == "smtp://u@h:587 (STARTTLS required)")
    }

    @Test(arguments: ["a@b.test\r\nRCPT TO:<evil@x.test>", "a b@c.test", "<a@b.test>", "a@b.test>", "nobody", "", "a@b.test\u{0}"])
    func anEnvelopeAddressSMTPCannotCarryIsRefusedBeforeConnecting(address: String) {
        // Port 9 on 127.0.0.1: were it tried, the error would be a connection error, not this one.
        let submitter = SMTPSubmitter(endpoint: SMTPEndpoint(host: "127.0.0.1", port: 9, security: .smtps, user: "u", credential: .password("p")))
        #expect {
            try submitter.submit(Array("x\r\n".utf8), from: "sales@example.test", to: [address])
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidEnvelope = error else { return false }
            return error.kind == .permanent
        }
        #expect(throws: SMTPError.self) { try submitter.submit(Array("x\r\n".utf8), from: address.isEmpty ? "x" : address, to: ["c@d.test"]) }
    }

    @Test func aMessageOverTheLimitIsRefusedBeforeConnecting() {
        let submitter = SMTPSubmitter(
            endpoint: SMTPEndpoint(host: "127.0.0.1", port: 9, security: .smtps, user: "u", credential: .password("p")),
            maximumMessageBytes: 100)
        #expect(throws: SMTPError.messageTooLarge(bytes: 101, limit: 100)) {
            try submitter.submit([UInt8](repeating: 65, count: 101), from: "a@b.test", to: ["c@d.test"])
        }
    }

    @Test func errorKindsTellTheOutboxWhatToDo() {
        let reply = SMTPReply(code: 550, text: "5.1.1 <x@y>: Recipient address rejected", command: "RCPT TO:<x@y>")
        #expect(SMTPError.rejected(server: "s:1", reply: reply).kind == .permanent)
        #expect(SMTPError.temporaryFailure(server: "s:1", reply: SMTPReply(code: 451, text: "4.3.0 later")).kind == .transient)
        #expect(SMTPError.cannotConnect(server: "s:1", detail: "refused").kind == .transient)
        #expect(SMTPError.tlsFailed(server: "s:1", detail: "reset").kind == .transient)
        #expect(SMTPError.timedOut(server: "s:1", seconds: 15).kind == .transient)
        #expect(SMTPError.loginFailed(user: "u", server: "s:1", reply: nil, usedToken: true).kind == .login)
        #expect(SMTPError.certificateRejected(server: "s:1", detail: "self-signed").kind == .configuration)
        #expect(SMTPError.rejected(server: "s:1", reply: reply).description
            == "the SMTP server s:1 refused the message (answering RCPT TO:<x@y>): 550 5.1.1 <x@y>: Recipient address rejected")
    }
}
