import Foundation
import IMAPFetch
import SMTPSubmit
import Testing

/// Submission to the private Postfix, which delivers into the private Dovecot.
@Suite struct SubmissionTests {
    @Test(arguments: [SMTPEndpoint.Security.startTLS, .smtps])
    func aSubmittedMessageArrivesByteExactInTheRequestersInbox(security: SMTPEndpoint.Security) throws {
        let servers = try MailServers.current()
        let id = uniqueID("arrives")
        let message = testMessage(from: servers.sales, to: servers.requester, id: id)
        let accepted = try SMTPSubmitter(endpoint: servers.endpoint(security))
            .submit(message, from: servers.sales, to: [servers.requester])
        #expect(accepted.code == 250)
        #expect(accepted.text.contains("queued as"), "Postfix's acceptance names its queue id: \(accepted)")
        let received = try #require(try servers.delivered(to: servers.requester, messageID: id))
        // Postfix and Dovecot only add header lines at the top (Return-Path, Delivered-To, Received).
        let same = received.count > message.count && Array(received.suffix(message.count)) == message
        #expect(same, "the message as sent ends what was delivered")
        let added = String(decoding: received.prefix(received.count - message.count), as: UTF8.self)
        let names = added.split(separator: "\r\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }
            .map { $0.prefix { $0 != ":" }.lowercased() }
        #expect(Set(names).isSubset(of: ["return-path", "delivered-to", "received"]), "added: \(names)")
        // Only the requester got it.
        #expect(try servers.delivered(to: servers.other, messageID: id, seconds: 0) == nil)
    }

    @Test func severalRecipientsEachGetIt() throws {
        let servers = try MailServers.current()
        let id = uniqueID("both")
        try SMTPSubmitter(endpoint: servers.endpoint(.smtps))
            .submit(testMessage(from: servers.sales, to: servers.requester, id: id), from: servers.sales,
                    to: [servers.requester, servers.other])
        #expect(try servers.delivered(to: servers.requester, messageID: id) != nil)
        #expect(try servers.delivered(to: servers.other, messageID: id) != nil)
    }

    @Test func aWrongCAFileIsATLSErrorAndNothingIsSent() throws {
        let servers = try MailServers.current()
        // Dovecot's own self-signed certificate: a valid CA file, but not the one that signed Postfix's.
        for security in [SMTPEndpoint.Security.startTLS, .smtps] {
            let id = uniqueID("wrong-ca")
            #expect {
                try SMTPSubmitter(endpoint: servers.endpoint(security, caFile: servers.dovecot.caFile))
                    .submit(testMessage(from: servers.sales, to: servers.requester, id: id), from: servers.sales, to: [servers.requester])
            } throws: { error in
                guard let error = error as? SMTPError, case .certificateRejected = error else { return false }
                return error.kind == .configuration && error.description.contains("certificate")
            }
        }
    }

    @Test func aWrongPasswordIsALoginErrorWithTheServersWords() throws {
        let servers = try MailServers.current()
        let started = Date()
        #expect {
            try SMTPSubmitter(endpoint: servers.endpoint(.smtps, password: "not-the-password"))
                .submit(testMessage(from: servers.sales, to: servers.requester, id: uniqueID("login")), from: servers.sales, to: [servers.requester])
        } throws: { error in
            guard let error = error as? SMTPError, case .loginFailed(let user, _, let reply, let usedToken) = error else { return false }
            return user == servers.sales && !usedToken && reply?.code == 535 && reply?.command == "AUTH"
                && error.kind == .login && !error.description.contains("not-the-password")
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aTokenGoesOnlyWithXOAUTH2AndAServerWithoutItIsALoginError() throws {
        let servers = try MailServers.current()
        // The private Postfix offers PLAIN and LOGIN only: the token must not be tried as a password.
        var endpoint = servers.endpoint(.smtps)
        endpoint.credential = .bearerToken(servers.password)
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: endpoint)
                .submit(testMessage(from: servers.sales, to: servers.requester, id: uniqueID("token")), from: servers.sales, to: [servers.requester])
        }
        guard case .loginFailed(_, _, _, let usedToken) = error else { Issue.record("\(error)"); return }
        #expect(usedToken && error.kind == .login)
    }

    @Test func anUnknownUserIsRefusedForGoodInTheServersWords() throws {
        let servers = try MailServers.current()
        let nobody = "nobody-\(UUID().uuidString.prefix(6))@school.test"
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: servers.endpoint())
                .submit(testMessage(from: servers.sales, to: nobody, id: uniqueID("unknown")), from: servers.sales, to: [nobody])
        }
        guard case .rejected(_, let reply) = error else { Issue.record("\(error)"); return }
        #expect(error.kind == .permanent)
        #expect(reply.code == 550)
        #expect(reply.text.hasPrefix("5.1.1 <\(nobody)>: Recipient address rejected"), "\(reply)")
        #expect(reply.command == "RCPT TO:<\(nobody)>")
        #expect(error.description.contains("550 5.1.1 <\(nobody)>"))
    }

    @Test func relayToAnOutsideDomainIsRefusedForGood() throws {
        let servers = try MailServers.current()
        let outside = "someone@outside.example"
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: servers.endpoint(.smtps))
                .submit(testMessage(from: servers.sales, to: outside, id: uniqueID("relay")), from: servers.sales, to: [outside])
        }
        #expect(error.kind == .permanent)
        #expect(error.reply?.code == 554)
        #expect(error.reply?.text.contains("Relay access denied") == true, "\(error)")
    }

    @Test func aTemporaryRefusalIsTransientAndNobodyGetsTheMessage() throws {
        let servers = try MailServers.current()
        let id = uniqueID("tempfail")
        // One recipient refused for now: the whole message waits, the other recipient does not get it yet.
        let error = try #require(throws: SMTPError.self) {
            try SMTPSubmitter(endpoint: servers.endpoint())
                .submit(testMessage(from: servers.sales, to: servers.requester, id: id), from: servers.sales,
                        to: [servers.requester, servers.tempfail])
        }
        guard case .temporaryFailure(_, let reply) = error else { Issue.record("\(error)"); return }
        #expect(error.kind == .transient)
        #expect(reply.code == 450)
        #expect(reply.text == "4.2.0 <\(servers.tempfail)>: Recipient address rejected: try later")
        #expect(try servers.delivered(to: servers.requester, messageID: id, seconds: 0.5) == nil)
    }
}
