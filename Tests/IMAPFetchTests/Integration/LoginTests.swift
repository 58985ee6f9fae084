import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Login {
        @Test func imapsLoginWithVerifiedCertificate() throws {
            let server = try TestServer.current()
            let session = try server.session()
            #expect(try session.capabilities.contains("IMAP4REV1"))
            #expect(try session.capabilities.contains("IDLE"))
            #expect(session.roundTrips == 0, "capabilities come with the login answer")
            #expect(session.readsAhead, "OpenSSL reads ahead once libcurl has logged in")
            try session.logout()
        }

        @Test func startTLSLogin() throws {
            let server = try TestServer.current()
            let session = try IMAPSession(server.endpoint(security: .startTLS))
            #expect(session.readsAhead)
            let status = try session.status("INBOX")
            #expect(status.uidValidity > 0)
            try session.logout()
        }

        @Test func plaintextOnlyWhenAsked() throws {
            let server = try TestServer.current()
            let session = try IMAPSession(server.endpoint(security: .plaintext))
            #expect(!session.readsAhead, "no TLS, nothing to read ahead")
            _ = try session.status("INBOX")
            try session.logout()
        }

        @Test func wrongPasswordSaysWhatTheServerSaid() throws {
            let server = try TestServer.current()
            let secret = "wrong-\(server.password.reversed())"
            let error = #expect(throws: IMAPError.self) {
                _ = try IMAPSession(server.endpoint(credential: .password(secret)))
            }
            guard case .loginFailed(let user, _, let says, let usedToken)? = error else {
                Issue.record("expected loginFailed, got \(String(describing: error))")
                return
            }
            #expect(user == server.user)
            #expect(says?.contains("AUTHENTICATIONFAILED") == true)
            #expect(!usedToken)
            let text = "\(error!)"
            #expect(text.contains("IMAP login failed for \(server.user) at 127.0.0.1"))
            #expect(text.contains("check the password file"))
            #expect(!text.contains(secret))
        }

        @Test func bearerTokenRefusedWithoutLeakingIt() throws {
            let server = try TestServer.current()
            let token = "ya29.secret-token-value"
            let error = #expect(throws: IMAPError.self) {
                _ = try IMAPSession(server.endpoint(credential: .bearerToken(token)))
            }
            #expect(error.map { "\($0)" }?.contains(token) == false)
            // Dovecot here offers PLAIN and LOGIN only.
            #expect(error == .mechanismUnavailable(server: "127.0.0.1:\(server.imapsPort)", mechanism: "XOAUTH2", offered: ["LOGIN", "PLAIN"]))
            #expect("\(error!)".contains("does not offer XOAUTH2 login (it offers AUTH=LOGIN AUTH=PLAIN)"))
        }

        @Test func unknownCertificateIsRejected() throws {
            let server = try TestServer.current()
            let error = #expect(throws: IMAPError.self) {
                _ = try IMAPSession(server.endpoint(caFile: .some(nil)))
            }
            guard case .tlsFailed? = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
            #expect("\(error!)".contains("--ca-file"))
        }

        @Test func unknownCertificateIsRejectedOverSTARTTLSToo() throws {
            let server = try TestServer.current()
            let error = #expect(throws: IMAPError.self) {
                _ = try IMAPSession(server.endpoint(security: .startTLS, caFile: .some(nil)))
            }
            guard case .tlsFailed? = error else {
                Issue.record("expected tlsFailed, got \(String(describing: error))")
                return
            }
        }

        @Test func closedPortSaysCannotConnect() throws {
            let server = try TestServer.current()
            var endpoint = server.endpoint()
            endpoint.port = 9  // discard: nothing listens there
            let error = #expect(throws: IMAPError.self) { _ = try IMAPSession(endpoint) }
            guard case .cannotConnect? = error else {
                Issue.record("expected cannotConnect, got \(String(describing: error))")
                return
            }
        }
    }
}
