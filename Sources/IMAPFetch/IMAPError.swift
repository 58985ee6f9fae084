/// Everything that can go wrong talking to an IMAP server, worded for the person who has to fix it.
///
/// No case ever carries a password or token.
package enum IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint cannot be used as given (bad URL, empty user, …).
    case invalidEndpoint(reason: String)
    /// No TCP connection (refused, unresolvable, unreachable).
    case cannotConnect(server: String, detail: String)
    /// The TLS handshake or the certificate check failed.
    case tlsFailed(server: String, detail: String)
    /// STARTTLS was required but the server does not offer it, or refused it.
    case tlsRequired(server: String)
    /// The server refused the credentials. `serverSays` is its own answer, when it gave one.
    case loginFailed(user: String, server: String, serverSays: String?, usedToken: Bool)
    /// The server does not offer the SASL mechanism the credential needs (XOAUTH2 for a token).
    case mechanismUnavailable(server: String, mechanism: String, offered: [String])
    /// A command got NO or BAD.
    case commandFailed(command: String, server: String, serverSays: String)
    /// The connection closed or broke while waiting for the server.
    case connectionLost(server: String, during: String, detail: String)
    /// The server did not answer in time.
    case timedOut(server: String, during: String, seconds: Double)
    /// The server kept the session busy past a deadline (`IMAPLimits.commandSeconds`, or the
    /// caller's for a whole pass) while still sending: a trickle, or untagged lines without end.
    case deadlineExceeded(server: String, during: String, seconds: Double, scope: DeadlineScope)
    /// The server's answer could not be understood, or broke a limit; the session is closed and
    /// nothing of that answer was handed on.
    case protocolViolation(server: String, detail: String)
    /// The server lacks something needed (e.g. UIDPLUS for a safe expunge).
    case unsupported(server: String, what: String)
    /// The session was used in a way that cannot work (a FETCH with no mailbox selected, …).
    case misuse(String)
    /// Any other libcurl failure, with curl's own words.
    case curl(function: String, code: Int, message: String)

    package var description: String {
        switch self {
        case .invalidEndpoint(let reason):
            return "invalid IMAP endpoint: \(reason)"
        case .cannotConnect(let server, let detail):
            return "cannot connect to the IMAP server \(server): \(detail) — check the host and port, and that the server is running and reachable"
        case .tlsFailed(let server, let detail):
            return "TLS with the IMAP server \(server) failed: \(detail) — if the server uses a private or self-signed certificate, give its CA with --ca-file"
        case .tlsRequired(let server):
            return "the IMAP server \(server) does not offer STARTTLS, and intake will not log in without TLS — use imaps:// (port 993), or --allow-plaintext on a network you trust"
        case .loginFailed(let user, let server, let serverSays, let usedToken):
            let said = serverSays.map { "the server says \($0)" } ?? "the server refused the credentials"
            let advice = usedToken
                ? "check that the token from --oauth2-token-command is current and grants IMAP access"
                : "check the password file, or use --oauth2-token-command if the provider has turned basic authentication off"
            return "IMAP login failed for \(user) at \(server): \(said) — \(advice)"
        case .mechanismUnavailable(let server, let mechanism, let offered):
            let list = offered.isEmpty ? "no SASL mechanism" : offered.map { "AUTH=\($0)" }.joined(separator: " ")
            return "the IMAP server \(server) does not offer \(mechanism) login (it offers \(list)) — use a password file for this server, or check that the host is the provider's"
        case .commandFailed(let command, let server, let serverSays):
            return "IMAP \(command) failed at \(server): the server says \(serverSays)"
        case .connectionLost(let server, let during, let detail):
            return "the connection to the IMAP server \(server) was lost during \(during): \(detail) — the server may have restarted; run again to resume"
        case .timedOut(let server, let during, let seconds):
            return "the IMAP server \(server) did not answer within \(Self.format(seconds)) s during \(during)"
        case .deadlineExceeded(let server, let during, let seconds, .command):
            return "the IMAP server \(server) did not finish \(during) within \(Self.format(seconds)) s (it kept sending without completing the answer, or sent too slowly); intake closed the connection and used nothing of the unfinished answer — if the server is only slow, raise --command-timeout"
        case .deadlineExceeded(let server, let during, let seconds, .pass):
            return "the pass over the IMAP server \(server) took longer than \(Self.format(seconds)) s (stopped during \(during)); what was filed before stays filed and the next run goes on from there — for a very large backlog, raise --pass-timeout"
        case .protocolViolation(let server, let detail):
            return "the IMAP server \(server) sent an answer intake cannot read: \(detail); intake closed the connection and used nothing of that answer"
        case .unsupported(let server, let what):
            return "the IMAP server \(server) lacks \(what)"
        case .misuse(let what):
            return "IMAP session misuse: \(what)"
        case .curl(let function, let code, let message):
            return "\(function) failed (libcurl error \(code)): \(message)"
        }
    }

    /// Which deadline passed.
    package enum DeadlineScope: Sendable, Equatable {
        case command
        case pass
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
