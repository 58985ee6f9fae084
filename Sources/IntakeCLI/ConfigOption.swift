import ArgumentParser
import Foundation

/// `--config FILE`, and where the configuration is looked for without it. Every command that reads
/// rules or a store takes it, so they all agree on one file.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The configuration file (same names as the flags; paths relative to it). Default: $INTAKE_CONFIG, else ./intake.yaml, else the installed PREFIX/etc/intake/intake.yaml.",
        valueName: "file"))
    var config: String?

    /// The configuration in force: a broken or missing named file is a configuration error (exit 2).
    func load() throws -> Configuration {
        guard let file = Self.locate(given: config) else { return Configuration() }
        do { return try Configuration.read(file) } catch { throw Failure.config(error.description) }
    }

    /// --config, else $INTAKE_CONFIG, else ./intake.yaml if present, else the installed default if
    /// present, else none. A file named by the flag or the variable must exist: a typo never falls
    /// back silently to another file.
    static func locate(given: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                       installation: Installation = .current) -> String? {
        if let given { return given }
        if let named = environment["INTAKE_CONFIG"], !named.isEmpty { return named }
        if FileManager.default.fileExists(atPath: "intake.yaml") { return "intake.yaml" }
        return installation.configuration
    }
}
