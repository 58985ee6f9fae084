import IMAPFetch
import MailSources
import Testing
@testable import IMAPSource

/// What each IMAP failure means to the person running intake: `watch` raises the alarm on `.login`
/// whatever the server's words, and `poll` exits 2 on `.configuration`. No server needed.
@Test func eachIMAPFailureHasTheKindItsRemedyCallsFor() {
    let server = "mail.example.com:993"
    let cases: [(IMAPError, SourceError.Kind)] = [
        (.invalidEndpoint(reason: "no host"), .configuration),
        (.tlsRequired(server: server), .configuration),
        (.loginFailed(user: "sales", server: server, serverSays: "[AUTHENTICATIONFAILED]", usedToken: false), .login),
        (.mechanismUnavailable(server: server, mechanism: "XOAUTH2", offered: ["PLAIN"]), .login),
        (.cannotConnect(server: server, detail: "Connection refused"), .connection),
        (.tlsFailed(server: server, detail: "certificate verify failed"), .connection),
        (.connectionLost(server: server, during: "UID FETCH", detail: "reset"), .connection),
        (.timedOut(server: server, during: "LOGIN", seconds: 60), .connection),
        (.deadlineExceeded(server: server, during: "UID FETCH", seconds: 600, scope: .command), .connection),
        (.curl(function: "curl_easy_perform", code: 7, message: "couldn't connect"), .connection),
        // A refusal whose words say "login failed" is still what it is: not a login.
        (.commandFailed(command: "SELECT", server: server, serverSays: "NO login failed for shared folder"), .protocol),
        (.protocolViolation(server: server, detail: "a literal too large"), .protocol),
        (.unsupported(server: server, what: "UIDPLUS"), .protocol),
        (.misuse("FETCH with no mailbox selected"), .protocol),
    ]
    for (error, kind) in cases {
        let wrapped = SourceError(error)
        #expect(wrapped.kind == kind, "\(error)")
        #expect(wrapped.underlying as? IMAPError == error)
        #expect(wrapped.description == error.description, "the user reads the same words as before")
    }
    // A credential that cannot be had is a login that cannot happen, whatever its words.
    let unreadable = SourceError(IMAPSourceError.credential("cannot read the password file /etc/intake/pw"))
    #expect(unreadable.kind == .login)
    #expect(unreadable.description == "IMAP credentials: cannot read the password file /etc/intake/pw")
}
