import Foundation
import IMAPFetch
import Testing

/// The private Dovecot that `scripts/dovecot.sh start` runs, as its `env` command describes it.
///
/// Without those variables every integration test fails, saying what to run: the tests never
/// skip silently.
struct TestServer {
    struct NotConfigured: Error, CustomStringConvertible {
        var missing: String
        var description: String {
            "IMAP integration tests need the private Dovecot and its settings (\(missing) is not set): run\n"
                + "    scripts/dovecot.sh start && eval \"$(scripts/dovecot.sh env)\"\n"
                + "in the same shell before `swift test` (or use `make test`, which does it)."
        }
    }

    let host: String
    let imapsPort: Int
    let startTLSPort: Int
    let user: String
    let password: String
    let caFile: String
    let script: String

    static func current() throws -> TestServer {
        let env = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String {
            guard let v = env[name], !v.isEmpty else { throw NotConfigured(missing: name) }
            return v
        }
        let passwordFile = try value("INTAKE_IMAP_PASSWORD_FILE")
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return TestServer(
            host: try value("INTAKE_IMAP_HOST"),
            imapsPort: Int(try value("INTAKE_IMAP_IMAPS_PORT")) ?? 10993,
            startTLSPort: Int(try value("INTAKE_IMAP_STARTTLS_PORT")) ?? 10143,
            user: try value("INTAKE_IMAP_USER"),
            password: password,
            caFile: try value("INTAKE_IMAP_CA_FILE"),
            script: try value("INTAKE_IMAP_DOVECOT_SCRIPT"))
    }

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ScriptFailed(arguments: arguments, output: String(decoding: data, as: UTF8.self))
        }
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var arguments: [String]
        var output: String
        var description: String { "dovecot.sh \(arguments.joined(separator: " ")) failed: \(output)" }
    }
}

/// A small RFC 5322 message with CRLF line ends, distinct per `index`, about `size` bytes.
func sampleMessage(_ index: Int, size: Int = 2_000, seed: UInt64 = 1) -> [UInt8] {
    var header = "From: Buyer \(index) <buyer\(index)@example.org>\r\n"
        + "To: sales@example.test\r\n"
        + "Subject: License exception request \(index)\r\n"
        + "Message-ID: <sample-\(index)-\(seed)@example.org>\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
    header += "Request \(index).\r\n"
    var bytes = Array(header.utf8)
    var state = seed &* 6364136223846793005 &+ UInt64(index) &* 1442695040888963407
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ {}*()".utf8)
    var column = 0
    while bytes.count < size {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        bytes.append(alphabet[Int(state >> 33) % alphabet.count])
        column += 1
        if column == 76 {
            bytes.append(13); bytes.append(10)
            column = 0
        }
    }
    bytes.append(contentsOf: [13, 10])
    return bytes
}

/// Every IMAP test that talks to the server: one at a time, because one of them restarts it.
@Suite(.serialized) struct DovecotTests {}
