import Foundation
import IMAPFetch
import SMTPSubmit
import TestServers
import Testing

/// The private Postfix and Dovecot of `scripts/postfix.sh` and `scripts/dovecot.sh`, as their `env`
/// commands describe them. Without those variables every test here fails, saying what to run.
struct MailServers {
    let postfix: PostfixSettings
    let dovecot: DovecotSettings
    let password: String

    var host: String { postfix.host }
    var sales: String { postfix.sales }
    var requester: String { postfix.requester }
    var other: String { postfix.other }
    var tempfail: String { postfix.tempfail }

    static func current() throws -> MailServers {
        let postfix = try PostfixSettings.current()
        return MailServers(postfix: postfix, dovecot: try DovecotSettings.current(), password: try postfix.password())
    }

    /// The sales mailbox's submission endpoint (STARTTLS on the submission port, or smtps).
    func endpoint(
        _ security: SMTPEndpoint.Security = .startTLS, password: String? = nil, caFile: String? = nil,
        port: Int? = nil, connectTimeout: Double = 5, totalTimeout: Double = 15
    ) -> SMTPEndpoint {
        SMTPEndpoint(
            host: host, port: port ?? (security == .smtps ? postfix.smtpsPort : postfix.submissionPort), security: security,
            user: sales, credential: .password(password ?? self.password), caFile: caFile ?? postfix.caFile,
            clientName: "intake.test", connectTimeout: connectTimeout, totalTimeout: totalTimeout)
    }

    /// `user`'s mailbox over IMAPS.
    func imap(_ user: String) throws -> IMAPSession {
        try IMAPSession(IMAPEndpoint(
            host: dovecot.host, port: dovecot.imapsPort, security: .imaps, user: user, credential: .password(password),
            caFile: dovecot.caFile, timeout: 10))
    }

    /// The bytes of the message with `messageID` in `user`'s INBOX, waiting up to `seconds` for it.
    func delivered(to user: String, messageID: String, seconds: Double = 10) throws -> [UInt8]? {
        let session = try imap(user)
        defer { try? session.logout() }
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let uid = try session.uids(withMessageID: messageID, in: "INBOX").first {
                var bytes: [UInt8]?
                try session.fetch([uid], inFlight: 1) { bytes = $0.bytes }
                return bytes
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}

/// A complete message (Postfix adds Message-ID and Date to one without), CRLF line ends, with a
/// line that starts with a dot (libcurl must escape it, the server unescape it).
func testMessage(from: String, to: String, id: String, body: String = "Your request was received.") -> [UInt8] {
    Array((
        "From: Sales <\(from)>\r\n"
            + "To: <\(to)>\r\n"
            + "Subject: Re: License exception [LX-2026-0042]\r\n"
            + "Date: Thu, 03 Dec 2026 20:00:00 +0000\r\n"
            + "Message-ID: <\(id)>\r\n"
            + "Auto-Submitted: auto-replied\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "\(body)\r\n"
            + ".a line that starts with a dot\r\n"
            + "Recibimos su solicitud — gracias.\r\n"
    ).utf8)
}

func uniqueID(_ purpose: String) -> String {
    "LX-2026-0042.r1.\(purpose)-\(UUID().uuidString.prefix(8).lowercased())@example.test"
}
