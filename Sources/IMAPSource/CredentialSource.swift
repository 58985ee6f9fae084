import Foundation
package import IMAPFetch

/// Where the IMAP secret comes from — never the command line, where `ps` would show it. Read afresh
/// before each connection, so a rotated password or a new OAuth 2.0 token is picked up.
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

    package func credential() throws(IMAPSourceError) -> IMAPEndpoint.Credential {
        switch self {
        case .passwordFile(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .credential("cannot read the password file \(path)")
            }
            let secret = Self.firstLine(text)
            guard !secret.isEmpty else { throw .credential("the password file \(path) is empty") }
            return .password(secret)
        case .passwordEnvironment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw .credential("the environment variable \(name) named by --password-env is not set")
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
    static func run(_ command: String, what: String) throws(IMAPSourceError) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.standardError
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw .credential("\(what) could not be started: \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw .credential("\(what) exited with status \(p.terminationStatus); run it by hand to see why")
        }
        let secret = firstLine(String(decoding: data, as: UTF8.self))
        guard !secret.isEmpty else { throw .credential("\(what) printed nothing") }
        return secret
    }
}

package enum IMAPSourceError: Error, Sendable, CustomStringConvertible {
    case credential(String)
    case configuration(String)

    package var description: String {
        switch self {
        case .credential(let s): return "IMAP credentials: \(s)"
        case .configuration(let s): return s
        }
    }
}
