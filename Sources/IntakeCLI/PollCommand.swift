import ArgumentParser
import Filing
import Foundation
import Glibc
import IMAPSource
import Logging
import MailSources
import Outbox
import Pipeline
import RuleEngine

struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "One pass over the source: parse, extract, apply the rules and file every new message.",
        discussion: """
            Messages already on file (same raw bytes, or same source id) are skipped, so running it again
            files nothing new. With an smtp: section in intake.yaml each decision's reply is recorded with it and
            the replies due are sent after the pass. Only one poll runs on a store at a time. For cron or a systemd timer: exit 0
            ok, 1 failed (the next poll retries), 2 configuration error.
            Examples:
              intake poll --source Mailbox --store Mailbox/.intake
              intake poll --imap imaps://mail.example.com/INBOX --user sales@example.com --password-file /etc/intake/password
            """)

    @OptionGroup var configOption: ConfigOption
    @OptionGroup var sourceOptions: SourceOptions
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rulesOption: RulesOption

    @Flag(name: .long, help: "One JSON object per message, one per line, for scripts.")
    var json = false

    func run() throws {
        let config = try configOption.load()
        let run = try PollRun(sourceOptions: sourceOptions, storeOption: storeOption, rulesOption: rulesOption, config: config,
                              logger: Self.quietLogger())
        let lock: StoreLock
        do { lock = try run.store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        do { try run.store.recover() } catch { throw Failure.runtime(error.description) }
        let progress = Progress(total: run.pendingCount() ?? 0, enabled: !json)
        let summary: Poller.Summary
        do {
            summary = try run.pass(each: { result in
                progress.step()
                if json { printOut(Self.jsonLine(result)) }
            })
        } catch {
            progress.finish()
            throw Failure(error)
        }
        progress.finish()
        if !json { printTable(summary, store: run.storePath) }
        // Replies after the pass: the cases are filed whatever the mail server does. With --json, standard
        // output stays one object per message; what the replies did goes to standard error.
        let replies = run.dispatchReplies()
        if case .success(let events) = replies {
            for e in events {
                if json { FileHandle.standardError.write(Data("intake: reply \(e.description)\n".utf8)) } else { printOut("  reply " + e.description) }
            }
        }
        if !summary.failures.isEmpty {
            throw Failure.runtime("\(summary.failures.count) message\(summary.failures.count == 1 ? "" : "s") could not be filed; they will be tried again on the next poll")
        }
        if case .failure(let failure) = replies { throw Failure.runtime(failure.message) }
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "intake.poll")
        logger.logLevel = ProcessInfo.processInfo.environment["INTAKE_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }

    func printTable(_ s: Poller.Summary, store: String) {
        if s.filed.isEmpty && s.failures.isEmpty && s.joined.isEmpty {
            printOut("intake: \(s.seen) message\(s.seen == 1 ? "" : "s") · nothing new, all already on file  (\(store))")
            return
        }
        var head = "intake: \(s.seen) messages · \(s.count(.accept)) accepted · \(s.count(.reject)) rejected · \(s.count(.review)) to review"
        if !s.joined.isEmpty { head += " · \(s.joined.count) follow-up\(s.joined.count == 1 ? "" : "s") joined" }
        if s.alreadyOnFile > 0 { head += " · \(s.alreadyOnFile) already on file" }
        if !s.failures.isEmpty { head += " · \(s.failures.count) failed" }
        printOut(head + "  (filed in \(store))")
        for record in s.filed { printOut(Formatting.caseLine(record)) }
        for record in s.joined { printOut(Formatting.caseLine(record) + "   (a follow-up joined it)") }
        for failure in s.failures { printOut("  !  \(failure.sourceID): \(failure.reason)") }
    }

    static func jsonLine(_ result: Poller.Result) -> String {
        let line: [UInt8]
        switch result {
        case .filed(let r):
            // Only the report: the case is filed and committed whether or not its record can be shown here.
            line = CaseJSON.pollFiled(caseID: r.id, folder: r.folder, sourceID: r.sourceID, record: FileBytes.read(r.path + "/request.json"))
        case .joined(let r, _, let sourceID):
            line = CaseJSON.pollFiled(caseID: r.id, folder: r.folder, sourceID: sourceID, record: FileBytes.read(r.path + "/request.json"), joined: true)
        case .alreadyOnFile(let id, _):
            line = CaseJSON.pollAlreadyOnFile(sourceID: id)
        case .failed(let id, let reason):
            line = CaseJSON.pollError(status: "failed", sourceID: id, error: reason)
        case .stopped(let id, let error):
            line = CaseJSON.pollError(status: "stopped", sourceID: id, error: error.description)
        }
        return String(decoding: line, as: UTF8.self)
    }
}

/// What `poll` and `watch` share: the source, the store, and the rules (read only when mail arrives).
struct PollRun {
    let store: CaseStore
    let storePath: String
    let source: SourceOptions.Resolved
    let poller: Poller
    let config: Configuration
    let imap: SourceOptions.IMAPLogin?

    init(sourceOptions: SourceOptions, storeOption: StoreOption, rulesOption: RulesOption, config: Configuration, logger: Logger) throws {
        storePath = storeOption.directory(config)
        let loader = DeciderLoader(rulesDirectory: rulesOption.directory(config))
        let imap = try sourceOptions.imapEndpoint(config: config)
        if imap == nil {
            // A local source is read at once: check the rules first, so a broken set never touches it.
            do { _ = try loader.decider() } catch { throw Failure.config(error.description) }
        }
        MemoryTuning.forBacklogs()
        // The login starts now, so it overlaps opening the store.
        let ahead = imap.map { LoginAhead(endpoint: $0.endpoint, credentials: $0.credentials) }
        store = try StoreOption.open(storePath)
        source = try sourceOptions.resolve(config: config, imap: imap, ahead: ahead)
        var poller = Poller(rules: loader, store: store, logger: logger)
        // A test hook, as INTAKE_FAULT_AT is: the crash tests kill runs whose groups commit while the next is staged.
        if let size = ProcessInfo.processInfo.environment["INTAKE_GROUP_SIZE"].flatMap(Int.init), size > 0 { poller.groupSize = size }
        // Replies are made only where they can be sent from: an `smtp:` section gives our address.
        poller.replying = config.replying(rulesDirectory: rulesOption.directory(config), imapUser: imap?.endpoint.user)
        self.poller = poller
        self.config = config
        self.imap = imap
        if case .imap(let s) = source {
            s.logger = logger
            // The rules are read while the server answers: at once when this mailbox was never read into this
            // store (its first pass has mail, as a rule), else once a pass finds something new.
            s.onNews = { loader.preload() }
            if (try? store.sourceState(s.name)) == nil { loader.preload() }
            // After each pass, on its session: the server copies of cases whose folder changed since (a decision,
            // a reprocess) that could not be moved then. Nothing is asked of the server when none wait.
            s.afterPass = { [store, unowned s] session in
                let moves: [ServerMove]
                do throws(FilingError) { moves = try store.pendingServerMoves(source: s.name) } catch {
                    logger.error("server copies to move: \(error.description)")
                    return
                }
                for line in ServerCopies.complete(moves, store: store, source: s, session: session) { logger.notice("\(line)") }
            }
        }
    }

    /// After a pass: the replies due go out (interrupted ones checked in the Sent folder first), when an SMTP
    /// server is configured. What happened to each, or why none could go (they wait in the outbox, queued).
    func dispatchReplies() -> Result<[DispatchEvent], Failure> {
        guard config.smtp != nil else { return .success([]) }
        do {
            let plan = try ReplyDispatcher.plan(store: store)
            guard !(plan.due.isEmpty && plan.interrupted.isEmpty && plan.toCopy.isEmpty) else { return .success([]) }
            return .success(try ReplyTransports.dispatch(store, config, imap: imap))
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(.runtime("replies were not sent: \(error); they wait in the outbox (`intake replies list`)"))
        }
    }

    func pendingCount() -> Int? {
        switch source {
        case .maildir(let m): return m.pendingCount()
        case .imap: return nil
        }
    }

    func pass(shouldStop: () -> Bool = { false }, each: (Poller.Result) -> Void) throws(PipelineError) -> Poller.Summary {
        switch source {
        case .maildir(let m): return try poller.run(m, shouldStop: shouldStop, each: each)
        case .imap(let i): return try poller.run(i, shouldStop: shouldStop, each: each)
        }
    }
}

extension Failure {
    /// A pass that stopped: a broken rule set or a source that cannot be used as configured is a
    /// configuration error (2), which running again will not mend; anything else fails this run (1).
    init(_ error: PipelineError) {
        switch error {
        case .rulesInvalid: self = .config(error.description)
        case .source(let source) where source.kind == .configuration: self = .config(error.description)
        default: self = .runtime(error.description)
        }
    }
}

/// A progress bar on standard error, only on a terminal and only when there is enough to wait for.
final class Progress {
    let total: Int
    let enabled: Bool
    var done = 0

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled && total >= 50 && isatty(STDERR_FILENO) == 1
    }

    func step() {
        done += 1
        guard enabled, done % max(1, total / 200) == 0 || done == total else { return }
        let width = 30
        let filled = min(width, width * done / max(total, 1))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
