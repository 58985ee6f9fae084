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
    /// Set for a private instance (see `privateInstance()`): its state folder and ports.
    var instance: [String: String] = [:]

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

    /// A second Dovecot of its own (own folder, own ports), for tests that restart or kill
    /// the server: other test targets may be using the shared one at the same moment.
    /// Call `stopInstance()` when done.
    func privateInstance() throws -> TestServer {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("intake-dovecot-test-\(UUID().uuidString.prefix(8))").path
        var server = self
        server.instance = [
            "INTAKE_DOVECOT_DIR": folder,
            "INTAKE_DOVECOT_IMAPS_PORT": String(try Self.freePort()),
            "INTAKE_DOVECOT_IMAP_PORT": String(try Self.freePort()),
        ]
        try server.script("start")
        let password = try String(contentsOfFile: folder + "/password", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return TestServer(
            host: "127.0.0.1", imapsPort: Int(server.instance["INTAKE_DOVECOT_IMAPS_PORT"]!)!,
            startTLSPort: Int(server.instance["INTAKE_DOVECOT_IMAP_PORT"]!)!, user: user,
            password: password, caFile: folder + "/tls/server.crt", script: script,
            instance: server.instance)
    }

    func stopInstance() {
        guard let folder = instance["INTAKE_DOVECOT_DIR"] else { return }
        try? script("stop")
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A TCP port nothing listens on now (the kernel's pick for port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
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
    ///
    /// posix_spawn and waitpid, not Foundation's Process: its waitUntilExit can hang on a
    /// secondary thread, and the Dovecot master the script starts must outlive the test.
    func script(_ arguments: String...) throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("dovecot-sh-\(UUID().uuidString).log").path
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = (["/bin/bash", script] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The Dovecot master the script starts inherits the signal mask and dispositions:
        // start it with none blocked and all defaults, or a later `stop` cannot TERM it.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        var environment = ProcessInfo.processInfo.environment
        environment.merge(instance) { $1 }
        let envp = environment.map { strdup("\($0)=\($1)") } + [nil]
        defer { envp.forEach { free($0) } }
        let rc = posix_spawn(&pid, "/bin/bash", &actions, &attributes, argv, envp)
        guard rc == 0 else { throw ScriptFailed(arguments: arguments, output: "posix_spawn: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ScriptFailed(arguments: arguments, output: output)
        }
    }

    struct ScriptFailed: Error, CustomStringConvertible {
        var arguments: [String]
        var output: String
        var description: String { "dovecot.sh \(arguments.joined(separator: " ")) failed: \(output)" }
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
