import ArgumentParser
import Filing
import Foundation
import Glibc
import Logging
import Pipeline
import RuleEngine

struct PollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poll",
        abstract: "One pass over the source: parse, extract, apply the rules and file every new message.",
        discussion: """
            Messages already on file (same raw bytes, or same source id) are skipped, so running it again
            files nothing new. Only one poll runs on a store at a time.
            Example: intake poll --source Mailbox --store Mailbox/.intake
            """)

    @Option(name: .long, help: ArgumentHelp("A Maildir to read (cur/ and new/).", valueName: "dir"))
    var source: String = "Mailbox"

    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rulesOption: RulesOption

    @Flag(name: .long, help: "One JSON object per message, one per line, for scripts.")
    var json = false

    func run() throws {
        let decider = try rulesOption.decider()
        let mailbox: MaildirSource
        do { mailbox = try MaildirSource(directory: source) } catch { throw Failure.config(error.description) }
        let store = try storeOption.open()
        let lock: StoreLock
        do { lock = try store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        do { try store.recover() } catch { throw Failure.runtime(error.description) }

        var logger = Logger(label: "intake.poll")
        logger.logLevel = ProcessInfo.processInfo.environment["INTAKE_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        var poller = Poller(decider: decider, store: store, logger: logger)
        poller.maxAttempts = 3
        let progress = Progress(total: mailbox.pendingCount() ?? 0, enabled: !json)
        let summary: Poller.Summary
        do {
            summary = try poller.run(mailbox) { result in
                progress.step()
                if json { printOut(Self.jsonLine(result)) }
            }
        } catch {
            progress.finish()
            throw Failure.runtime(error.description)
        }
        progress.finish()
        if !json { printTable(summary, store: storeOption.store) }
        if !summary.failures.isEmpty {
            throw Failure.runtime("\(summary.failures.count) message\(summary.failures.count == 1 ? "" : "s") could not be filed; they will be tried again on the next poll")
        }
    }

    func printTable(_ s: Poller.Summary, store: String) {
        if s.filed.isEmpty && s.failures.isEmpty {
            printOut("intake: \(s.seen) message\(s.seen == 1 ? "" : "s") · nothing new, all already on file  (\(store))")
            return
        }
        var head = "intake: \(s.seen) messages · \(s.count(.accept)) accepted · \(s.count(.reject)) rejected · \(s.count(.review)) to review"
        if s.alreadyOnFile > 0 { head += " · \(s.alreadyOnFile) already on file" }
        if !s.failures.isEmpty { head += " · \(s.failures.count) failed" }
        printOut(head + "  (filed in \(store))")
        for record in s.filed { printOut(Formatting.caseLine(record)) }
        for failure in s.failures { printOut("  !  \(failure.sourceID): \(failure.reason)") }
    }

    static func jsonLine(_ result: Poller.Result) -> String {
        switch result {
        case .filed(let r):
            let record = (try? String(contentsOfFile: r.path + "/request.json", encoding: .utf8)) ?? "null"
            return "{\"status\":\"filed\",\"caseId\":\"\(r.id)\",\"folder\":\"\(r.folder.name)\",\"sourceId\":\(quote(r.sourceID)),\"result\":\(record)}"
        case .alreadyOnFile(let id):
            return "{\"status\":\"already-on-file\",\"sourceId\":\(quote(id))}"
        case .failed(let id, let reason):
            return "{\"status\":\"failed\",\"sourceId\":\(quote(id)),\"error\":\(quote(reason))}"
        }
    }

    static func quote(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
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
