import ArgumentParser
import Filing
import Foundation
import Glibc
import Pipeline

/// `intake cases decide`: a person's decision on a case, with who and why.
struct CasesDecideCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record a person's decision on a case: accept, reject, needs information, or close it.",
        discussion: """
            The case's verdict becomes the person's and its folder moves to match (Accepted/, Rejected/, Review/
            for needs-info); --close ends the case where it is. The audit log records who decided, when and why;
            the rules' findings stay. A closed case takes no further decision; `reprocess` never overrules a person.
            A case that came from IMAP has its copy on the server moved to match (Intake/Accepted, Intake/Rejected,
            Intake/Review), with the IMAP settings of intake.yaml or the IMAP options below. The decision is recorded
            first: when the server cannot be reached the move waits, the case's log says why, and the next poll or
            watch on that mailbox does it.
            Example: intake cases decide LX-2026-0004 --accept --note "confirmed by phone with the IT manager"
            """)

    @Argument(help: ArgumentHelp("Case id, Message-ID or SHA-256.", valueName: "id")) var id: String
    @Flag(help: "Accept the request.") var accept = false
    @Flag(help: "Reject the request.") var reject = false
    @Flag(name: .customLong("needs-info"), help: "Ask the requester for more information; the case stays open, in Review/.") var needsInfo = false
    @Flag(help: "Close the case: the end of its record.") var close = false
    @Option(help: ArgumentHelp("Why: kept in the audit log.", valueName: "text")) var note: String
    @Option(help: ArgumentHelp("Who decides; default the user running intake.", valueName: "name")) var by: String?
    @OptionGroup var configOption: ConfigOption
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rulesOption: RulesOption
    @OptionGroup(title: "IMAP (where a case from IMAP has its server copy)") var sourceOptions: SourceOptions

    /// The one decision the flags give; two or none is a usage error.
    func action() throws -> PersonAction {
        let flags: [(given: Bool, action: PersonAction)] = [(accept, .accept), (reject, .reject), (needsInfo, .needsInfo), (close, .close)]
        let given = flags.filter { $0.given }.map { $0.action }
        guard given.count == 1 else {
            if given.isEmpty { throw Failure.config("say what you decide: one of --accept, --reject, --needs-info or --close") }
            throw Failure.config("one decision at a time: \(given.map { "--" + $0.rawValue }.joined(separator: " and ")) were both given; nothing was changed")
        }
        return given[0]
    }

    /// The reply a person's decision makes, when an SMTP server is configured: the case decided again on all
    /// its messages gives the requester's fields and language, the person's verdict the kind. A request for
    /// more information is the person's to write, and closing a case says nothing to the requester.
    func personReply(to existing: CaseRecord, _ action: PersonAction, store: CaseStore, config: Configuration) throws -> DecisionReply? {
        guard let replying = config.replying(rulesDirectory: rulesOption.directory(config)), existing.state != .closed,
              let verdict = action.verdict else { return nil }
        if action == .needsInfo {
            return .withheld(reason: "what more is needed is for the person who asks to write (`intake cases show` has the case)")
        }
        // The letters were read when the case was filed: their text comes from the store's cache.
        let decider = try rulesOption.decider(config).cachingLetters(in: store)
        let decision = try decider.decideCase(existing, store: store)
        // A person's reply is not counted against the daily limit; robots and lists are still never answered.
        if let why = try replying.withheld(decision.message, findings: decision.findings, rules: decider.rules, countToday: nil) { return .withheld(reason: why) }
        return try replying.answer(decision, caseID: existing.id, verdict: verdict, rules: decider.rules, store: store)
    }

    /// The operating system's name for the user running intake.
    static func userName() -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name, case let s = String(cString: name), !s.isEmpty { return s }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }

    func run() throws {
        let action = try action()
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw Failure.config("--note must say why: it is the record of the decision") }
        let person = (by ?? Self.userName()).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !person.isEmpty else { throw Failure.config("--by needs a name") }
        let config = try configOption.load()
        let store = try storeOption.openExisting(config)
        let lock: StoreLock
        do { lock = try store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        do {
            // A run killed half-way (a reprocess or a decision moving its folder, a poll placing a group) is put right first.
            try store.recover()
            guard let before = try store.findCase(id) else { throw Failure.config(FilingError.caseNotFound(id).description) }
            // The decision first, with its reply; the server copy follows it (the store recorded the move in the same step).
            let reply = try personReply(to: before, action, store: store, config: config)
            let after = try store.decide(before, action, by: person, note: note, reply: reply)
            let what = action == .close ? "closed" : "\(action.decisionWord ?? action.rawValue)"
            let moved = after.folder != before.folder ? "; moved \(before.folder.name)/ → \(after.folder.name)/" : ""
            printOut("intake: \(after.id) \(what) by \(person)\(moved)")
            printOut(Formatting.listLine(after))
            for line in ServerCopies.follow(caseID: after.id, store: store, sourceOptions: sourceOptions, config: config) {
                printOut("intake: " + line)
            }
            if reply != nil { try RepliesCommand.announce(after.id, decidedAt: after.updatedAt, store: store, config: config) }
        } catch let error as FilingError {
            if case .caseClosed = error { throw Failure.config(error.description) }
            throw Failure.runtime(error.description)
        }
    }
}
