public import Foundation

/// The private Dovecot that `scripts/dovecot.sh start` runs, as its `env` command describes it, or a
/// second instance of the test's own (`privateInstance()`).
package struct DovecotSettings: Sendable {
    package var host: String
    package var imapsPort: Int
    package var startTLSPort: Int
    package var user: String
    package var passwordFile: String
    package var caFile: String
    /// scripts/dovecot.sh
    package var script: String
    /// A private instance's own settings (folder and ports), given to the script on top of the environment.
    package var instance: [String: String] = [:]

    package static func current() throws(NotConfigured) -> DovecotSettings {
        DovecotSettings(
            host: try ServerEnvironment.value("INTAKE_IMAP_HOST"),
            imapsPort: try ServerEnvironment.port("INTAKE_IMAP_IMAPS_PORT"),
            startTLSPort: try ServerEnvironment.port("INTAKE_IMAP_STARTTLS_PORT"),
            user: try ServerEnvironment.value("INTAKE_IMAP_USER"),
            passwordFile: try ServerEnvironment.value("INTAKE_IMAP_PASSWORD_FILE"),
            caFile: try ServerEnvironment.value("INTAKE_IMAP_CA_FILE"),
            script: try ServerEnvironment.value("INTAKE_IMAP_DOVECOT_SCRIPT"))
    }

    package func password() throws -> String { try ServerEnvironment.secret(inFile: passwordFile) }

    /// A Dovecot of the test's own (its own folder and free ports), for tests that restart or kill the
    /// server: other test targets may be using the shared one at the same moment. Call `stopInstance()`.
    package func privateInstance() throws -> DovecotSettings {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("intake-dovecot-test-\(UUID().uuidString.prefix(8))").path
        let imaps = try freePort(), startTLS = try freePort()
        var started = self
        started.instance = ["INTAKE_DOVECOT_DIR": folder, "INTAKE_DOVECOT_IMAPS_PORT": String(imaps), "INTAKE_DOVECOT_IMAP_PORT": String(startTLS)]
        started.host = "127.0.0.1"
        started.imapsPort = imaps
        started.startTLSPort = startTLS
        started.passwordFile = folder + "/password"
        started.caFile = folder + "/tls/server.crt"
        try started.run(["start"])
        return started
    }

    /// Stops a private instance and removes its folder; nothing for the shared server.
    package func stopInstance() {
        guard let folder = instance["INTAKE_DOVECOT_DIR"] else { return }
        _ = try? run(["stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `scripts/dovecot.sh ARGS` (its `doveadm` passes through) against this server; its output.
    @discardableResult
    package func run(_ arguments: [String], input: [UInt8] = []) throws -> String {
        try runScript(script, arguments, environment: instance, input: input)
    }
}
