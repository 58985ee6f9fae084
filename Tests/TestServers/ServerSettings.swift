public import Foundation

/// A setting of the private test servers that is not in the environment. The tests that need the
/// servers fail with it, saying what to run: they never skip silently.
package struct NotConfigured: Error, CustomStringConvertible {
    package var missing: String

    package init(missing: String) { self.missing = missing }

    package var description: String {
        "\(missing) is not set: these tests need the private Dovecot and Postfix and their settings. Run\n"
            + "    scripts/dovecot.sh start && scripts/postfix.sh start && eval \"$(scripts/dovecot.sh env)\" && eval \"$(scripts/postfix.sh env)\"\n"
            + "in the same shell before `swift test` (or use `make test`, which does it)."
    }
}

/// What `scripts/dovecot.sh env` and `scripts/postfix.sh env` export, read once per test.
package enum ServerEnvironment {
    package static func value(_ name: String) throws(NotConfigured) -> String {
        guard let v = ProcessInfo.processInfo.environment[name], !v.isEmpty else { throw NotConfigured(missing: name) }
        return v
    }

    package static func port(_ name: String) throws(NotConfigured) -> Int {
        guard let port = Int(try value(name)) else { throw NotConfigured(missing: "\(name) as a port number") }
        return port
    }

    /// A password kept in a file, without the line end the scripts write after it.
    package static func secret(inFile path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
