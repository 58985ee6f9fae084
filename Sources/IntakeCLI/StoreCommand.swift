import ArgumentParser
import Filing

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Look after the store itself.",
        subcommands: [Check.self])

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
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting()
            let drifts: [StoreDrift]
            do { drifts = try store.check() } catch { throw Failure.runtime(error.description) }
            guard !drifts.isEmpty else {
                printOut("intake: \(storeOption.store) is in step: every case on file has its folder, message and record")
                return
            }
            for d in drifts { printOut(d.description) }
            throw Failure.runtime("\(drifts.count) drift\(drifts.count == 1 ? "" : "s") between the archive and the database in \(storeOption.store); nothing was changed")
        }
    }
}
