import ArgumentParser
import Filing
import Foundation
import Pipeline

struct ReprocessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprocess",
        abstract: "Decide one message again (after the rules changed) and update its case in place.",
        discussion: """
            ID is a case id (LX-2026-0001), a Message-ID, or a path to an .eml file. The case keeps its id;
            its history keeps the earlier verdict. A message file not on file yet is filed as a new case.
            Example: intake reprocess LX-2026-0003
            """)

    @Argument(help: ArgumentHelp("Case id, Message-ID, or .eml path.", valueName: "id"))
    var id: String

    @OptionGroup var configOption: ConfigOption
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rulesOption: RulesOption
    @OptionGroup(title: "IMAP (where a case from IMAP has its server copy)") var sourceOptions: SourceOptions

    func run() throws {
        let config = try configOption.load()
        let decider = try rulesOption.decider(config)
        let store = try storeOption.openExisting(config)
        let lock: StoreLock
        do { lock = try store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        // A run killed half-way (a reprocess moving its folder, a poll placing a group) is put right first.
        do { try store.recover() } catch { throw Failure.runtime(error.description) }
        do {
            var reprocessor = Reprocessor(decider: decider, store: store)
            reprocessor.replying = config.replying(rulesDirectory: rulesOption.directory(config))
            switch try reprocessor.run(id) {
            case .updated(let before, let after):
                let change = before.verdict == after.verdict ? "still \(Formatting.verdictWord(after.verdict))"
                    : "\(Formatting.verdictWord(before.verdict)) → \(Formatting.verdictWord(after.verdict))"
                printOut("intake: \(after.id) reprocessed: \(change)  (rules \(before.rulesVersion) → \(after.rulesVersion))")
                printOut(Formatting.caseLine(after))
                // A changed verdict moves the case's server copy too (recorded with the change; done now when it can be).
                for line in ServerCopies.follow(caseID: after.id, store: store, sourceOptions: sourceOptions, config: config) {
                    printOut("intake: " + line)
                }
                if before.verdict != after.verdict { try RepliesCommand.announce(after.id, decidedAt: after.updatedAt, store: store, config: config) }
            case .filed(let record):
                printOut("intake: \(record.id) filed (the message was not on file yet)")
                printOut(Formatting.caseLine(record))
            }
        } catch let error as FilingError {
            if case .decidedByPerson = error { throw Failure.config(error.description) }
            throw Failure.runtime(error.description)
        } catch let error as PipelineError {
            throw Failure.runtime(error.description)
        }
    }
}
