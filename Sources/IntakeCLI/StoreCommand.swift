import ArgumentParser
import Filing
import Foundation

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look after the store itself.",
        subcommands: [Check.self, Rebuild.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Compare the archive with the database and report every drift; changes nothing.",
            discussion: """
                Reports case folders that are missing or unknown, raw messages that are missing or changed
                (their SHA-256 is not the one recorded), and request.json files whose verdict is not the
                database's. Exit 0 when the store is in step, 1 when anything drifted.
                Example: intake store check --store Mailbox/.intake
                """)
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            let drifts: [StoreDrift]
            do { drifts = try store.check() } catch { throw Failure.runtime(error.description) }
            guard !drifts.isEmpty else {
                printOut("intake: \(store.directory) is in step: every case on file has its folder, message and record")
                return
            }
            for d in drifts { printOut(d.description) }
            if let id = store.interruptedChange {
                printOut("a reprocess or a decision on \(id) was stopped half-way: the next `intake poll`, `reprocess` or `cases decide` puts it back in step")
            }
            throw Failure.runtime("\(drifts.count) drift\(drifts.count == 1 ? "" : "s") between the archive and the database in \(store.directory); nothing was changed")
        }
    }

    struct Rebuild: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Make the database again from the archive, when it was lost.",
            discussion: """
                Each case folder's message.eml and request.json hold the case: its number,
                decision, fields, findings, source, times and rules version. The earlier
                decisions (history) and the audit log lived only in the database; each
                case's log starts again with a `rebuilt` line. A database that holds cases
                is refused unless --replace-database; the database there is never deleted
                but kept beside the new one as intake.sqlite.replaced-<time>. Folders that
                are not cases (no message.eml or request.json, a link) are left out and
                listed. Ends with `store check`.
                Example: intake store rebuild --store Mailbox/.intake
                """)
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption
        @Flag(name: .customLong("replace-database"), help: "Rebuild even though the database holds cases (it is kept aside).")
        var replace = false

        func run() throws {
            let store = storeOption.directory(try configOption.load())
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: store, isDirectory: &isDir), isDir.boolValue else {
                throw Failure.config("no store at \(store): nothing to rebuild (pass --store)")
            }
            let report: RebuildReport
            do { report = try CaseStore.rebuild(directory: store, replacing: replace) } catch {
                if case .rebuildRefused = error { throw Failure.config(error.description) }
                throw Failure.runtime(error.description)
            }
            for note in report.notes { printOut(note) }
            let aside = report.setAside.map { "; the database that was there is kept as \($0)" } ?? ""
            printOut("intake: rebuilt \(store)/intake.sqlite from the archive: \(report.cases) case\(report.cases == 1 ? "" : "s")\(aside)")
            let drifts: [StoreDrift]
            do { drifts = try StoreOption.open(store).check() } catch let error as FilingError { throw Failure.runtime(error.description) }
            for d in drifts { printOut(d.description) }
            if !drifts.isEmpty {
                throw Failure.runtime("\(drifts.count) drift\(drifts.count == 1 ? "" : "s") between the archive and the rebuilt database; see above")
            }
            printOut("intake: store check finds the archive and the database in step")
        }
    }
}
