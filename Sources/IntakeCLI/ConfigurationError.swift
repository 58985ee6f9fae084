/// Why a configuration file was refused; each says which file, where, and what to write instead.
enum ConfigurationError: Error, Sendable, CustomStringConvertible {
    case unreadable(file: String, why: String)
    case notYAML(file: String, detail: String)
    case notAMapping(file: String)
    case unknownKey(file: String, line: Int?, key: String, known: [String])
    case wrongValue(file: String, line: Int?, key: String, expected: String, given: String?)
    case passwordInFile(file: String, line: Int?)
    /// A section (`smtp:`) without a setting it cannot do without.
    case missingKey(file: String, line: Int?, section: String, key: String, example: String)
    /// Two settings that exclude each other (two credentials).
    case conflicting(file: String, line: Int?, keys: [String])
    /// A setting that lives elsewhere: one definition, where the user is told to write it.
    case elsewhere(file: String, line: Int?, key: String, place: String)

    var description: String {
        switch self {
        case .unreadable(let file, let why):
            return "cannot read the configuration file \(file): \(why)"
        case .notYAML(let file, let detail):
            return "the configuration file \(file) is not valid YAML: \(detail)"
        case .notAMapping(let file):
            return "the configuration file \(file) must be a mapping of option names to values (e.g. `store: /var/lib/intake/store`)"
        case .unknownKey(let file, let line, let key, let known):
            return "\(Self.place(file, line)): unknown option \"\(key)\"; the options are \(known.joined(separator: ", "))"
        case .wrongValue(let file, let line, let key, let expected, let given):
            let value = given.map { " \"\($0)\"" } ?? ""
            return "\(Self.place(file, line)): \(key):\(value) is not \(expected)"
        case .passwordInFile(let file, let line):
            return "\(Self.place(file, line)): never write the password in the configuration file; use password-file, password-env or password-command"
        case .missingKey(let file, let line, let section, let key, let example):
            return "\(Self.place(file, line)): \(section) needs \(key) (e.g. `\(example)`)"
        case .conflicting(let file, let line, let keys):
            return "\(Self.place(file, line)): \(keys.joined(separator: " and ")) were both given; give one"
        case .elsewhere(let file, let line, let key, let place):
            return "\(Self.place(file, line)): \(key) is not set here but in \(place)"
        }
    }

    /// file:line, as an editor opens it.
    static func place(_ file: String, _ line: Int?) -> String {
        line.map { "\(file):\($0)" } ?? file
    }
}
