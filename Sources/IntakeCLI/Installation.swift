import Foundation

/// Where the running intake is installed. `make install` puts the binary in PREFIX/bin, the default
/// configuration in PREFIX/etc/intake and the rules in PREFIX/share/intake/Rules, so the binary finds
/// them from its own path, whatever PREFIX was (and under a DESTDIR before the files are moved). A
/// binary that was never installed (.build/debug/intake) finds nothing there and keeps the
/// repository's defaults.
struct Installation: Sendable {
    /// The folder above the binary's own (PREFIX for PREFIX/bin/intake); nil when it cannot be told.
    var prefix: String?

    static let current = Installation(prefix: executablePath().map { (($0 as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent })

    /// PREFIX/etc/intake/intake.yaml, when it exists.
    var configuration: String? {
        prefix.map { $0 + "/etc/intake/intake.yaml" }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
    }

    /// PREFIX/share/intake/Rules, when it holds a rule set.
    var rules: String? {
        prefix.map { $0 + "/share/intake/Rules" }.flatMap { FileManager.default.fileExists(atPath: $0 + "/rules.yaml") ? $0 : nil }
    }

    /// The binary's real path, links resolved (a /usr/bin/intake that links to /opt/intake/bin/intake
    /// belongs to /opt/intake).
    private static func executablePath() -> String? {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return Bundle.main.executablePath.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
    }
}
