/// One reply of an SMTP server: its code and its own words, kept as they were sent.
package struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    /// The three-digit code (250, 450, 550, …).
    package var code: Int
    /// The text after the code, continuation lines joined with a space: "5.1.1 <x@y>: Recipient
    /// address rejected: User unknown in virtual mailbox table".
    package var text: String
    /// What it answered, as we sent it with any secret left out: "RCPT TO:<x@y>", "DATA", "AUTH".
    package var command: String?

    package init(code: Int, text: String, command: String? = nil) {
        self.code = code
        self.text = text
        self.command = command
    }

    /// "550 5.1.1 <x@y>: Recipient address rejected: …", the server's line.
    package var description: String { text.isEmpty ? String(code) : "\(code) \(text)" }
}

/// Everything that can go wrong submitting a message, worded for the person who has to fix it, and
/// sorted by what the sender of the message should do next (`kind`). No case carries a secret.
package enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint cannot be used as given (empty host or user, …).
    case invalidEndpoint(reason: String)
    /// An envelope address SMTP cannot carry (CR, LF, NUL, angle brackets, spaces), or no recipient.
    case invalidEnvelope(reason: String)
    /// The message is larger than the caller's limit; nothing was sent.
    case messageTooLarge(bytes: Int, limit: Int)
    /// No TCP connection (refused, unresolvable, unreachable, reset before the greeting).
    case cannotConnect(server: String, detail: String)
    /// The TLS handshake broke off (not a certificate the client refused).
    case tlsFailed(server: String, detail: String)
    /// The server's certificate was not accepted (wrong CA file, expired, wrong name).
    case certificateRejected(server: String, detail: String)
    /// The server does not offer STARTTLS: nothing was sent, as TLS is required.
    case tlsRequired(server: String)
    /// The server refused the credentials (535 and the like).
    case loginFailed(user: String, server: String, reply: SMTPReply?, usedToken: Bool)
    /// The server did not answer in time.
    case timedOut(server: String, seconds: Double)
    /// The connection broke during the exchange.
    case connectionLost(server: String, detail: String)
    /// A 4xx reply: try again later.
    case temporaryFailure(server: String, reply: SMTPReply)
    /// A 5xx reply: the server will not take this message; its own words are kept.
    case rejected(server: String, reply: SMTPReply)
    /// Any other libcurl failure, with curl's own words.
    case curl(code: Int, message: String)

    /// What the sender should do with the message that failed.
    package enum Kind: Sendable, Equatable {
        /// Send it again later (4xx, no connection, a timeout, a broken TLS handshake or connection).
        case transient
        /// Do not send it again as it is: the server refused this message (5xx, too large, a bad address).
        case permanent
        /// The login was refused: the message is fine, the credential is not. Nothing goes until a
        /// person fixes it; the refusal is permanent for the attempt.
        case login
        /// The settings cannot work (no TLS, a certificate refused, a bad endpoint): as for `login`.
        case configuration
    }

    package var kind: Kind {
        switch self {
        case .cannotConnect, .tlsFailed, .timedOut, .connectionLost, .temporaryFailure, .curl: .transient
        case .rejected, .messageTooLarge, .invalidEnvelope: .permanent
        case .loginFailed: .login
        case .invalidEndpoint, .certificateRejected, .tlsRequired: .configuration
        }
    }

    /// The server's reply this error reports, when there was one.
    package var reply: SMTPReply? {
        switch self {
        case .temporaryFailure(_, let reply), .rejected(_, let reply): reply
        case .loginFailed(_, _, let reply, _): reply
        default: nil
        }
    }

    package var description: String {
        switch self {
        case .invalidEndpoint(let reason):
            return "invalid SMTP endpoint: \(reason)"
        case .invalidEnvelope(let reason):
            return "cannot submit this message: \(reason)"
        case .messageTooLarge(let bytes, let limit):
            return "the message is \(bytes) bytes, over the limit of \(limit) bytes; nothing was sent"
        case .cannotConnect(let server, let detail):
            return "cannot connect to the SMTP server \(server): \(detail) — check the host and port, and that the server is running and reachable; the message waits"
        case .tlsFailed(let server, let detail):
            return "TLS with the SMTP server \(server) failed: \(detail); the message waits"
        case .certificateRejected(let server, let detail):
            return "the SMTP server \(server)'s certificate was not accepted: \(detail) — if the server uses a private or self-signed certificate, give its CA file"
        case .tlsRequired(let server):
            return "the SMTP server \(server) does not offer STARTTLS, and intake sends nothing without TLS — use smtps:// (port 465), or a server that offers STARTTLS"
        case .loginFailed(let user, let server, let reply, let usedToken):
            let said = reply.map { "the server says \($0)" } ?? "the server refused the credentials"
            let advice = usedToken
                ? "check that the token command gives a current token that grants SMTP access"
                : "check the SMTP password, or use a token command if the provider has turned basic authentication off"
            return "SMTP login failed for \(user) at \(server): \(said) — \(advice)"
        case .timedOut(let server, let seconds):
            return "the SMTP server \(server) did not answer within \(seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)) s; the message waits"
        case .connectionLost(let server, let detail):
            return "the connection to the SMTP server \(server) was lost: \(detail); the message waits"
        case .temporaryFailure(let server, let reply):
            return "the SMTP server \(server) asks to try later\(Self.answering(reply)): \(reply)"
        case .rejected(let server, let reply):
            return "the SMTP server \(server) refused the message\(Self.answering(reply)): \(reply)"
        case .curl(let code, let message):
            return "SMTP submission failed (libcurl error \(code)): \(message)"
        }
    }

    private static func answering(_ reply: SMTPReply) -> String {
        reply.command.map { " (answering \($0))" } ?? ""
    }
}
