import Foundation
import IMAPFetch
import TestServers
import Testing

/// The private Dovecot that `scripts/dovecot.sh start` runs (or a test's own instance), with the
/// sessions and endpoints the IMAP tests open on it.
struct TestServer {
    var settings: DovecotSettings
    let password: String

    var host: String { settings.host }
    var imapsPort: Int { settings.imapsPort }
    var startTLSPort: Int { settings.startTLSPort }
    var user: String { settings.user }
    var caFile: String { settings.caFile }

    static func current() throws -> TestServer {
        let settings = try DovecotSettings.current()
        return TestServer(settings: settings, password: try settings.password())
    }

    /// A second Dovecot of its own (own folder, own ports), for tests that restart or kill
    /// the server: other test targets may be using the shared one at the same moment.
    /// Call `stopInstance()` when done.
    func privateInstance() throws -> TestServer {
        let settings = try settings.privateInstance()
        return TestServer(settings: settings, password: try settings.password())
    }

    func stopInstance() { settings.stopInstance() }

    func endpoint(
        mailbox: String = "INBOX", security: IMAPEndpoint.Security = .imaps,
        credential: IMAPEndpoint.Credential? = nil, caFile: String?? = .none, timeout: Double = 20
    ) -> IMAPEndpoint {
        IMAPEndpoint(
            host: host, port: security == .imaps ? imapsPort : startTLSPort, security: security,
            mailbox: mailbox, user: user, credential: credential ?? .password(password),
            caFile: caFile ?? self.caFile, timeout: timeout)
    }

    func session(_ mailbox: String = "INBOX") throws -> IMAPSession {
        try IMAPSession(endpoint(mailbox: mailbox))
    }

    /// A fresh mailbox no other test uses.
    static func uniqueMailbox(_ purpose: String) -> String {
        "test-\(purpose)-\(UUID().uuidString.prefix(8))"
    }

    /// Runs scripts/dovecot.sh with `arguments`; throws with its output when it fails.
    func script(_ arguments: String...) throws {
        try settings.run(arguments)
    }
}

/// An RFC 5322 message with CRLF line ends, distinct per `index`, of at least `size` bytes.
func sampleMessage(_ index: Int, size: Int = 2_000, seed: UInt64 = 1) -> [UInt8] {
    let header = "From: Buyer \(index) <buyer\(index)@example.org>\r\n"
        + "To: sales@example.test\r\n"
        + "Subject: License exception request \(index)\r\n"
        + "Message-ID: <sample-\(index)-\(seed)@example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
        + "Request \(index).\r\n"
    var bytes = Array(header.utf8)
    bytes.reserveCapacity(size + 80)
    let lines = sampleLines
    var line = (index &* 7 &+ Int(seed)) % lines.count
    while bytes.count < size {
        bytes.append(contentsOf: lines[line])
        line = (line + index % 5 + 1) % lines.count
    }
    return bytes
}

/// 997 pseudo-random 76-character lines (with CRLF), including `{`, `}`, `(`, `)` and `*`.
private let sampleLines: [[UInt8]] = {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ {}*()".utf8)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    return (0..<997).map { _ in
        var line: [UInt8] = []
        for _ in 0..<76 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            line.append(alphabet[Int(state >> 33) % alphabet.count])
        }
        return line + [13, 10]
    }
}()

/// Every IMAP test that talks to the server, one at a time (each uses mailboxes of its own; the
/// restart tests use a Dovecot of their own).
@Suite(.serialized) struct DovecotTests {}
