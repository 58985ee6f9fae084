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
            let folders = CaseStore.caseFolderCount(in: store)
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
    FileHandle.standardOutput.write(Data((s + "\n").utf8))
}

func printOut(_ bytes: [UInt8]) {
    FileHandle.standardOutput.write(Data(bytes + [0x0A]))
}

func printErr(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
