import Foundation
import IMAPFetch
import SMTPSubmit
import Testing

/// The private Postfix and Dovecot of `scripts/postfix.sh` and `scripts/dovecot.sh`, as their `env`
/// commands describe them. Without those variables every test here fails, saying what to run.
struct MailServers {
    struct NotConfigured: Error, CustomStringConvertible {
        var missing: String
        var description: String {
            "SMTP tests need the private Dovecot and Postfix and their settings (\(missing) is not set): run\n"
                + "    scripts/dovecot.sh start && scripts/postfix.sh start && eval \"$(scripts/dovecot.sh env)\" && eval \"$(scripts/postfix.sh env)\"\n"
                + "in the same shell before `swift test` (or use `make test`, which does it)."
        }
    }

    let host: String
    let submissionPort: Int
    let smtpsPort: Int
    let smtpCAFile: String
    let sales: String
    let requester: String
    let other: String
    let tempfail: String
    let password: String
    let imapsPort: Int
    let imapCAFile: String

    static func current() throws -> MailServers {
        let env = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            guard let v = env[name], !v.isEmpty else { throw NotConfigured(missing: name) }
            return v
        }
        let password = try String(contentsOfFile: try value("INTAKE_SMTP_PASSWORD_FILE"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return MailServers(
            host: try value("INTAKE_SMTP_HOST"),
            submissionPort: Int(try value("INTAKE_SMTP_SUBMISSION_PORT")) ?? 0,
            smtpsPort: Int(try value("INTAKE_SMTP_SMTPS_PORT")) ?? 0,
            smtpCAFile: try value("INTAKE_SMTP_CA_FILE"),
            sales: try value("INTAKE_SMTP_SALES_USER"),
            requester: try value("INTAKE_SMTP_REQUESTER_USER"),
            other: try value("INTAKE_SMTP_OTHER_USER"),
            tempfail: try value("INTAKE_SMTP_TEMPFAIL_ADDRESS"),
            password: password,
            imapsPort: Int(try value("INTAKE_IMAP_IMAPS_PORT")) ?? 0,
            imapCAFile: try value("INTAKE_IMAP_CA_FILE"))
    }

    /// The sales mailbox's submission endpoint (STARTTLS on the submission port, or smtps).
    func endpoint(
        _ security: SMTPEndpoint.Security = .startTLS, password: String? = nil, caFile: String? = nil,
        port: Int? = nil, connectTimeout: Double = 5, totalTimeout: Double = 15
    ) -> SMTPEndpoint {
        SMTPEndpoint(
            host: host, port: port ?? (security == .smtps ? smtpsPort : submissionPort), security: security,
            user: sales, credential: .password(password ?? self.password), caFile: caFile ?? smtpCAFile,
            clientName: "intake.test", connectTimeout: connectTimeout, totalTimeout: totalTimeout)
    }

    /// `user`'s mailbox over IMAPS.
    func imap(_ user: String) throws -> IMAPSession {
        try IMAPSession(IMAPEndpoint(
            host: host, port: imapsPort, security: .imaps, user: user, credential: .password(password),
            caFile: imapCAFile, timeout: 10))
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
