import ArgumentParser
import Filing
import Foundation
import Pipeline

struct RulesOption: ParsableArguments {
    @Option(name: .customLong("rules"), help: ArgumentHelp("The rules folder (rules.yaml, lists, patterns/); default Rules.", valueName: "dir"))
    var given: String?

    var rules: String {
        get { given ?? "Rules" }
        set { given = newValue }
    }

    /// The decider for these rules; a broken rule set is a configuration error (exit 2), never half-run.
    func decider() throws -> Decider {
        do {
            return try Decider(rulesDirectory: rules)
        } catch {
            throw Failure.config(error.description)
        }
    }
}

struct StoreOption: ParsableArguments {
    @Option(name: .customLong("store"), help: ArgumentHelp("Where cases are filed (the database and the archive); default Mailbox/.intake.", valueName: "dir"))
    var given: String?

    var store: String { given ?? "Mailbox/.intake" }

    func open(_ path: String? = nil) throws -> CaseStore {
        do {
            return try CaseStore(directory: path ?? store)
        } catch .archiveWithoutDatabase(let path, let folders) {
            // Not a run-time hiccup: the store must be put right by a person before anything reads it.
            throw Failure.config(FilingError.archiveWithoutDatabase(path: path, folders: folders).description)
        } catch {
            throw Failure.runtime(error.description)
        }
    }

    /// Opens an existing store for reading; a missing one is said plainly rather than created.
    func openExisting() throws -> CaseStore {
        guard FileManager.default.fileExists(atPath: store + "/intake.sqlite") else {
            let folders: Int
            do { folders = try CaseStore.caseFolderCount(in: store) } catch { throw Failure.runtime(error.description) }
            if folders > 0 { throw Failure.config(FilingError.archiveWithoutDatabase(path: store, folders: folders).description) }
            throw Failure.runtime("no store at \(store): nothing has been filed there yet (run `intake poll`, or pass --store)")
        }
        return try open()
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
