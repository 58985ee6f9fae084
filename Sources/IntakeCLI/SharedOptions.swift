import ArgumentParser
import Filing
import Foundation
import Pipeline

struct RulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp(
        "The rules folder (rules.yaml, lists, patterns/). Default: the configuration's rules, else the installed PREFIX/share/intake/Rules, else Rules.",
        valueName: "dir"))
    var given: String?

    /// The flag, else the configuration, else the installed rules, else ./Rules.
    func directory(_ config: Configuration) -> String { Self.directory(given, config) }

    static func directory(_ given: String?, _ config: Configuration) -> String {
        given ?? config.rules ?? Installation.current.rules ?? "Rules"
    }

    /// The decider for these rules; a broken rule set is a configuration error (exit 2), never half-run.
    func decider(_ config: Configuration) throws -> Decider {
        try Self.decider(directory(config))
    }

    static func decider(_ directory: String) throws -> Decider {
        do {
            return try Decider(rulesDirectory: directory)
        } catch {
            throw Failure.config(error.description)
        }
    }
}

struct StoreOption: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp(
        "Where cases are filed (the database and the archive). Default: the configuration's store, else Mailbox/.intake.",
        valueName: "dir"))
    var given: String?

    /// The flag, else the configuration, else the repository's layout.
    func directory(_ config: Configuration) -> String { given ?? config.store ?? "Mailbox/.intake" }

    /// Opens the store, making it when it is not there yet.
    func open(_ config: Configuration) throws -> CaseStore { try Self.open(directory(config)) }

    static func open(_ path: String) throws -> CaseStore {
        do {
            return try CaseStore(directory: path)
        } catch .archiveWithoutDatabase(let path, let folders) {
            // Not a run-time hiccup: the store must be put right by a person before anything reads it.
            throw Failure.config(FilingError.archiveWithoutDatabase(path: path, folders: folders).description)
        } catch {
            throw Failure.runtime(error.description)
        }
    }

    /// Opens an existing store for reading; a missing one is said plainly rather than created.
    func openExisting(_ config: Configuration) throws -> CaseStore {
        let store = directory(config)
        guard FileManager.default.fileExists(atPath: store + "/intake.sqlite") else {
            let folders: Int
            do { folders = try CaseStore.caseFolderCount(in: store) } catch { throw Failure.runtime(error.description) }
            if folders > 0 { throw Failure.config(FilingError.archiveWithoutDatabase(path: store, folders: folders).description) }
            throw Failure.runtime("no store at \(store): nothing has been filed there yet (run `intake poll`, or pass --store)")
        }
        return try Self.open(store)
    }
}

func readFile(_ path: String) throws -> [UInt8] {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
        throw Failure.runtime("cannot read \(path): no such file")
    }
    guard !isDir.boolValue, let data = FileManager.default.contents(atPath: path) else {
        throw Failure.runtime("cannot read \(path): \(isDir.boolValue ? "it is a folder" : "permission denied")")
    }
    return [UInt8](data)
}

func printOut(_ s: String) {
    FileHandle.standardOutput.write(Data((terminalSafe(s) + "\n").utf8))
}

/// A sender's text shown to a person: control characters and escape sequences (which could retitle or
/// clear the terminal) and bidi overrides are written out as "\u{1B}", visible and harmless; line
/// breaks and tabs stay.
func terminalSafe(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: isUnsafeForTerminal) else { return s }
    var out = String.UnicodeScalarView()
    let scalars = Array(s.unicodeScalars)
    for (k, scalar) in scalars.enumerated() {
        if scalar == "\r", k + 1 < scalars.count, scalars[k + 1] == "\n" { continue }
        if isUnsafeForTerminal(scalar) {
            out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
        } else {
            out.append(scalar)
        }
    }
    return String(out)
}

private func isUnsafeForTerminal(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v == 0x0A || v == 0x09 { return false }
    return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
}

func printOut(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes + [0x0A]))
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((terminalSafe(s) + "\n").utf8))
}
