import Foundation

/// A mail server's login secret, as read from its source. Never printed.
package enum Secret: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    case password(String)
    /// An OAuth 2.0 access token, sent with SASL XOAUTH2.
    case bearerToken(String)

    package var description: String {
        switch self {
        case .password: "password(redacted)"
        case .bearerToken: "bearerToken(redacted)"
        }
    }

    package var customMirror: Mirror { Mirror(self, children: ["secret": description]) }

    /// The password, or nil for a token.
    package var password: String? { if case .password(let p) = self { p } else { nil } }

    /// The bearer token, or nil for a password.
    package var bearerToken: String? { if case .bearerToken(let t) = self { t } else { nil } }
}

/// Where a mail server's secret comes from — never the command line, where `ps` would show it. Read
/// afresh before each connection, so a rotated password or a new OAuth 2.0 token is picked up. The
/// IMAP mailbox and the SMTP submission server read theirs the same way.
package enum CredentialSource: Sendable, CustomStringConvertible {
    case passwordFile(String)
    case passwordEnvironment(String)
    case passwordCommand(String)
    case oauth2TokenCommand(String)

    package var description: String {
        switch self {
        case .passwordFile(let p): return "--password-file \(p)"
        case .passwordEnvironment(let n): return "--password-env \(n)"
        case .passwordCommand: return "--password-command"
        case .oauth2TokenCommand: return "--oauth2-token-command"
        }
    }

    /// The sources a settings section (flags, intake.yaml's top level, its `smtp:`) gives, in this order:
    /// a file, an environment variable, a command, a token command. One is a credential; more is the user's
    /// to mend, none is a login without one.
    package static func given(file: String?, environment: String?, command: String?, tokenCommand: String?) -> [CredentialSource] {
        [file.map(passwordFile), environment.map(passwordEnvironment), command.map(passwordCommand), tokenCommand.map(oauth2TokenCommand)]
            .compactMap { $0 }
    }

    package func secret() throws(CredentialError) -> Secret {
        switch self {
        case .passwordFile(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CredentialError("cannot read the password file \(path)")
            }
            let secret = Self.firstLine(text)
            guard !secret.isEmpty else { throw CredentialError("the password file \(path) is empty") }
            return .password(secret)
        case .passwordEnvironment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw CredentialError("the environment variable \(name) named by --password-env is not set")
            }
            return .password(value)
        case .passwordCommand(let command):
            return .password(try Self.run(command, what: "--password-command"))
        case .oauth2TokenCommand(let command):
            return .bearerToken(try Self.run(command, what: "--oauth2-token-command"))
        }
    }

    static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a command through the shell and takes the first line it prints as the secret.
    static func run(_ command: String, what: String) throws(CredentialError) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw CredentialError("\(what) could not be started: \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw CredentialError("\(what) exited with status \(p.terminationStatus); run it by hand to see why")
        }
        let secret = firstLine(String(decoding: data, as: UTF8.self))
        guard !secret.isEmpty else { throw CredentialError("\(what) printed nothing") }
        return secret
    }
}

/// Why a secret could not be read, for the person who configured it. Never holds the secret.
package struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}
