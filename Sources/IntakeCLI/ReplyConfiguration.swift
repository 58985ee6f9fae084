import Outbox
import Pipeline
import Replies
import Yams

/// `intake.yaml`'s `smtp:` section: where replies are submitted, as whom, and the Sent folder their copy goes
/// to. Beside the IMAP settings and written the same way (the flags' names, credentials never in the file):
///
/// ```yaml
/// smtp:
///   url: smtps://mail.example.com          # or smtp://mail.example.com:587 (STARTTLS, always required)
///   user: sales@example.com
///   password-file: smtp-password           # or password-env, password-command, oauth2-token-command
///   ca-file: private-ca.pem
///   from: sales@example.com
///   sent-folder: Sent
/// ```
struct SMTPSettings: Sendable, Equatable {
    var url: String
    var user: String?
    var passwordFile: String?
    var passwordEnv: String?
    var passwordCommand: String?
    var oauth2TokenCommand: String?
    var caFile: String?
    var from: String
    var sentFolder: String = "Sent"

    static let keys: [String: Configuration.Kind] = [
        "url": .text, "user": .text, "password-file": .path, "password-env": .text, "password-command": .text,
        "oauth2-token-command": .text, "ca-file": .path, "from": .text, "sent-folder": .text,
    ]

    static func read(_ node: Node, key: String, folder: String, file: String, line: Int?) throws(ConfigurationError) -> SMTPSettings {
        let values = try ConfigurationSection.scalars(node, section: key, keys: keys, folder: folder, file: file, line: line)
        func value(_ name: String) -> String? { values[name]?.value }
        guard let url = values["url"] else { throw .missingKey(file: file, line: line, section: key, key: "url", example: "url: smtps://mail.example.com") }
        let lower = url.value.lowercased()
        let scheme = lower.hasPrefix("smtps://") ? "smtps://" : lower.hasPrefix("smtp://") ? "smtp://" : nil
        guard let scheme, case let rest = lower.dropFirst(scheme.count), let host = rest.split(separator: "/").first,
              !host.isEmpty, !host.hasPrefix(":"), !rest.contains("@") else {
            throw .wrongValue(file: file, line: url.line, key: "\(key).url",
                              expected: "smtps://HOST[:465] (TLS from the start) or smtp://HOST[:587] (STARTTLS, required), with no user in it",
                              given: url.value)
        }
        guard let from = values["from"] else {
            throw .missingKey(file: file, line: line, section: key, key: "from", example: "from: sales@example.com")
        }
        guard Self.looksLikeAddress(from.value) else {
            throw .wrongValue(file: file, line: from.line, key: "\(key).from", expected: "an email address (sales@example.com)", given: from.value)
        }
        let credentials = ["password-file", "password-env", "password-command", "oauth2-token-command"].filter { values[$0] != nil }
            .sorted { (values[$0]?.line ?? 0) < (values[$1]?.line ?? 0) }
        if credentials.count > 1 {
            throw .conflicting(file: file, line: values[credentials[1]]?.line, keys: credentials.map { "\(key).\($0)" })
        }
        if !credentials.isEmpty, values["user"] == nil {
            throw .missingKey(file: file, line: line, section: key, key: "user", example: "user: sales@example.com")
        }
        if let folder = values["sent-folder"], folder.value.isEmpty {
            throw .wrongValue(file: file, line: folder.line, key: "\(key).sent-folder", expected: "a mailbox name (Sent)", given: folder.value)
        }
        return SMTPSettings(url: url.value, user: value("user"), passwordFile: value("password-file"), passwordEnv: value("password-env"),
                            passwordCommand: value("password-command"), oauth2TokenCommand: value("oauth2-token-command"),
                            caFile: value("ca-file"), from: from.value, sentFolder: value("sent-folder") ?? "Sent")
    }

    /// One @, something either side, no spaces or angle brackets: an address, not a display name.
    static func looksLikeAddress(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !s.contains(where: { $0 == " " || $0 == "<" || $0 == ">" })
    }
}

/// `intake.yaml`'s `replies:` section: per verdict, send the reply by itself or hold it for a person. The
/// loop guard's daily limit per address is the rules' (`Rules/replies/settings.yaml`), with the texts it guards.
///
/// ```yaml
/// replies:
///   accepted: send
///   rejected: send
///   review: hold
/// ```
struct ReplySwitches: Sendable, Equatable {
    var policy: ReplyPolicy = .sendAll

    static let keys: [String: Configuration.Kind] = ["accepted": .text, "rejected": .text, "review": .text]

    static func read(_ node: Node, key: String, folder: String, file: String, line: Int?) throws(ConfigurationError) -> ReplySwitches {
        if let moved = node.mapping?.first(where: { $0.key.string == "per-sender-per-day" }) {
            throw .elsewhere(file: file, line: moved.key.mark?.line, key: "\(key).per-sender-per-day",
                             place: "the rules' replies/settings.yaml, as daily-limit-per-sender (one limit, beside the texts it guards)")
        }
        let values = try ConfigurationSection.scalars(node, section: key, keys: keys, folder: folder, file: file, line: line)
        var settings = ReplySwitches()
        for verdict in ["accepted", "rejected", "review"] {
            guard let given = values[verdict] else { continue }
            guard let action = ReplyPolicy.Action(rawValue: given.value) else {
                throw .wrongValue(file: file, line: given.line, key: "\(key).\(verdict)", expected: "send or hold", given: given.value)
            }
            switch verdict {
            case "accepted": settings.policy.accepted = action
            case "rejected": settings.policy.rejected = action
            default: settings.policy.review = action
            }
        }
        return settings
    }
}

/// A nested section of `intake.yaml` (`smtp:`, `replies:`): a mapping of known keys to plain values, an unknown
/// key, a nested value or an empty one refused with file:line as at the top level.
enum ConfigurationSection {
    static func scalars(_ node: Node, section: String, keys: [String: Configuration.Kind], folder: String, file: String,
                        line: Int?) throws(ConfigurationError) -> [String: (value: String, line: Int?)] {
        guard let mapping = node.mapping else {
            throw .wrongValue(file: file, line: line, key: section, expected: "a mapping of its settings (\(keys.keys.sorted().joined(separator: ", ")))",
                              given: node.scalar?.string)
        }
        var out: [String: (value: String, line: Int?)] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let at = keyNode.mark?.line
            guard let kind = keys[key] else {
                if key == "password" { throw .passwordInFile(file: file, line: at) }
                throw .unknownKey(file: file, line: at, key: "\(section).\(key)", known: keys.keys.sorted().map { "\(section).\($0)" })
            }
            guard let scalar = value.scalar, !(scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)) else {
                throw .wrongValue(file: file, line: at, key: "\(section).\(key)", expected: Configuration.expected(kind), given: value.scalar?.string)
            }
            out[key] = (kind == .path ? Configuration.resolve(scalar.string, against: folder) : scalar.string, at)
        }
        return out
    }
}

extension Configuration {
    /// How decisions answer their requesters under this configuration, or nil without an `smtp:` section (there
    /// is no address to send from). Our own addresses, never answered, are the sender's and the SMTP and IMAP
    /// logins' where they are addresses (`imapUser`: the login in use, when flags gave another).
    func replying(rulesDirectory: String, imapUser: String? = nil) -> Replying? {
        guard let smtp else { return nil }
        return Replying(ourAddress: smtp.from, otherAddresses: [smtp.user, imapUser ?? user].compactMap { $0 }.filter { $0.contains("@") },
                        policy: replies.policy, rulesDirectory: rulesDirectory)
    }
}
