import Foundation
import Logging
import Yams

/// What `intake.yaml` sets, read once per command and used by every command: the same names as the
/// flags, and flags win. Paths in the file are relative to the file's folder, so one file works from
/// any working directory (a cron job, a systemd unit, a person in their home folder).
struct Configuration: Sendable {
    /// The file the values came from; nil when there is none (every value is then the built-in default).
    var file: String?

    var source: String?
    var store: String?
    var rules: String?
    var imap: String?
    var user: String?
    var passwordFile: String?
    var passwordEnv: String?
    var passwordCommand: String?
    var oauth2TokenCommand: String?
    var caFile: String?
    var allowPlaintext: Bool?
    var keepInInbox: Bool?
    var intakeFolder: String?
    var timeout: Double?
    var commandTimeout: Double?
    var passTimeout: Double?
    /// Seconds between looks in `watch`.
    var every: Double?
    var idle: Bool?
    var logLevel: String?
    /// Where replies are submitted (`smtp:`); nil when the file has no such section.
    var smtp: SMTPSettings?
    /// Which replies wait for a person, and the daily limit per address (`replies:`).
    var replies = ReplySwitches()

    /// What kind of value each key takes; a key not here is refused.
    enum Kind {
        /// A file or folder, relative to the configuration file's folder.
        case path
        case text
        case flag
        /// A number of seconds above 0.
        case seconds
        /// 30s, 2m, 1h, or a number of seconds.
        case duration
        case logLevel
        /// A nested mapping of its own keys.
        case section
    }

    static let keys: [String: Kind] = [
        "source": .path, "store": .path, "rules": .path, "imap": .text, "user": .text,
        "password-file": .path, "password-env": .text, "password-command": .text, "oauth2-token-command": .text,
        "ca-file": .path, "allow-plaintext": .flag, "keep-in-inbox": .flag, "intake-folder": .text,
        "timeout": .seconds, "command-timeout": .seconds, "pass-timeout": .seconds,
        "every": .duration, "idle": .flag, "log-level": .logLevel,
        // Sections: a mapping each (ReplyConfiguration.swift).
        "smtp": .section, "replies": .section,
    ]

    /// Reads and checks the file at `path`: an unknown key or a value of the wrong kind is refused,
    /// never ignored or read as a default.
    static func read(_ path: String) throws(ConfigurationError) -> Configuration {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            throw .unreadable(file: path, why: !exists ? "there is no such file" : isDirectory.boolValue ? "it is a folder"
                : FileManager.default.isReadableFile(atPath: path) ? "it is not UTF-8 text" : "permission denied")
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw .notYAML(file: path, detail: "\(error)") }
        var configuration = Configuration(file: path)
        guard let root else { return configuration }
        guard let mapping = root.mapping else { throw .notAMapping(file: path) }
        let folder = (path as NSString).deletingLastPathComponent
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = keyNode.mark?.line
            guard let kind = keys[key] else {
                if key == "password" { throw .passwordInFile(file: path, line: line) }
                throw .unknownKey(file: path, line: line, key: key, known: keys.keys.sorted())
            }
            switch key {
            case "smtp": configuration.smtp = try SMTPSettings.read(value, key: key, folder: folder, file: path, line: line)
            case "replies": configuration.replies = try ReplySwitches.read(value, key: key, folder: folder, file: path, line: line)
            default: try configuration.set(key, kind, value, folder: folder, file: path, line: line)
            }
        }
        return configuration
    }

    private mutating func set(_ key: String, _ kind: Kind, _ node: Node, folder: String, file: String, line: Int?) throws(ConfigurationError) {
        func wrong(_ expected: String) -> ConfigurationError {
            .wrongValue(file: file, line: line, key: key, expected: expected, given: node.scalar?.string)
        }
        // A mapping, a list or an empty value is never a setting.
        guard let scalar = node.scalar, !(scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)) else {
            throw wrong(Self.expected(kind))
        }
        let raw = scalar.string
        switch kind {
        case .path:
            setText(key, Self.resolve(raw, against: folder))
        case .text:
            setText(key, raw)
        case .flag:
            guard scalar.style == .plain, let value = node.bool else { throw wrong(Self.expected(kind)) }
            switch key {
            case "allow-plaintext": allowPlaintext = value
            case "keep-in-inbox": keepInInbox = value
            default: idle = value
            }
        case .seconds:
            guard let value = Double(raw), value > 0, value.isFinite else { throw wrong(Self.expected(kind)) }
            switch key {
            case "timeout": timeout = value
            case "command-timeout": commandTimeout = value
            default: passTimeout = value
            }
        case .duration:
            guard let value = Self.duration(raw) else { throw wrong(Self.expected(kind)) }
            every = value
        case .logLevel:
            guard Logger.Level(rawValue: raw) != nil else { throw wrong(Self.expected(kind)) }
            logLevel = raw
        case .section:
            throw wrong(Self.expected(kind))
        }
    }

    private mutating func setText(_ key: String, _ value: String) {
        switch key {
        case "source": source = value
        case "store": store = value
        case "rules": rules = value
        case "imap": imap = value
        case "user": user = value
        case "password-file": passwordFile = value
        case "password-env": passwordEnv = value
        case "password-command": passwordCommand = value
        case "oauth2-token-command": oauth2TokenCommand = value
        case "ca-file": caFile = value
        default: intakeFolder = value
        }
    }

    static func expected(_ kind: Kind) -> String {
        switch kind {
        case .path: return "a path (relative to this file's folder, or absolute)"
        case .text: return "text"
        case .flag: return "true or false"
        case .seconds: return "a number of seconds above 0 (e.g. 600)"
        case .duration: return "a duration: 30s, 2m or 1h"
        case .logLevel: return "trace, debug, info, notice, warning, error or critical"
        case .section: return "a mapping of its settings"
        }
    }

    /// A path from the file, relative to the file's own folder (a file in the working directory leaves it as written).
    static func resolve(_ path: String, against folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return folder + "/" + path
    }

    /// "90", "30s", "2m", "1h" → seconds; nil for anything else, or for no time at all.
    static func duration(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            if let n = Double(t.dropLast(suffix.count)), n > 0, n.isFinite { return n * factor }
        }
        if let n = Double(t), n > 0, n.isFinite { return n }
        return nil
    }
}
