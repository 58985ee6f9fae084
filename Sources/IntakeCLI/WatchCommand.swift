import ArgumentParser
import Filing
import Foundation
import IMAPSource
import Logging
import MailSources
import Pipeline
import ServiceLifecycle

struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Poll in a loop, as a service: new mail is filed within seconds.",
        discussion: """
            Uses IMAP IDLE where the server has it, else polls --every. While IDLE it still looks --every (a
            STATUS when nothing is new), in case a notice is lost. Stops gracefully on SIGTERM or SIGINT
            (the message in hand is finished first). Transient failures never stop it: it backs off with
            jitter and tries again, and says so loudly when the login keeps failing. One log line per decision.
            With an smtp: section in intake.yaml each decision's reply is recorded with it and sent after each pass.
            Example: intake watch --imap imaps://mail.example.com/INBOX --user sales@example.com --oauth2-token-command 'get-token sales'
            """)

    @OptionGroup var configOption: ConfigOption
    @OptionGroup var sourceOptions: SourceOptions
    @OptionGroup var storeOption: StoreOption
    @OptionGroup var rulesOption: RulesOption

    @Option(name: .long, help: ArgumentHelp("How often to poll when IDLE is not used, and to look anyway while IDLE: 30s, 2m, 1h.", valueName: "duration"))
    var every: String?

    @Flag(name: .customLong("no-idle"), help: "Poll every --every even where the server has IDLE.")
    var noIdle = false

    @Option(name: .customLong("log-level"), help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel: String?

    func run() throws {
        let config = try configOption.load()
        let interval = try every.map(Self.seconds) ?? config.every ?? 120
        var logger = Logger(label: "intake.watch")
        let level = logLevel ?? config.logLevel ?? "info"
        guard let parsed = Logger.Level(rawValue: level) else { throw Failure.config("--log-level \(level) is not a level: trace, debug, info, notice, warning, error, critical") }
        logger.logLevel = parsed
        let run = try PollRun(sourceOptions: sourceOptions, storeOption: storeOption, rulesOption: rulesOption, config: config, logger: logger)
        let lock: StoreLock
        do { lock = try run.store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        do { try run.store.recover() } catch { throw Failure.runtime(error.description) }

        let useIdle = !(noIdle || config.idle == false)
        let service = WatchService(run: run, interval: interval, useIdle: useIdle, logger: logger)
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            do { try await group.run() } catch { outcome.set(error) }
            done.signal()
        }
        done.wait()
        if let error = outcome.get() { throw error }
    }

    /// "90", "30s", "2m", "1h" → seconds.
    static func seconds(_ text: String) throws -> Double {
        guard let seconds = Configuration.duration(text) else {
            throw Failure.config("--every \(text) is not a duration: write 30s, 2m or 1h")
        }
        return seconds
    }

    final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var error: (any Error)?
        func set(_ e: any Error) { lock.lock(); error = e; lock.unlock() }
        func get() -> (any Error)? { lock.lock(); defer { lock.unlock() }; return error }
    }
}

/// The loop `watch` runs: a pass, then wait for new mail; back off on failures, never exit on them.
struct WatchService: Service, @unchecked Sendable {
    // The pipeline's parts are used from this one task only.
    let run: PollRun
    let interval: Double
    let useIdle: Bool
    let logger: Logger

    func run() async throws {
        var failures = 0
        var firstFailure: Date? = nil
        logger.info("watching \(sourceName) (\(useIdle ? "IDLE where offered, else " : "")every \(Int(interval)) s)")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do throws(PipelineError) {
                let summary = try run.pass(shouldStop: { Task.isShuttingDownGracefully }, each: { _ in })
                if failures > 0 { logger.notice("\(sourceName) is reachable again after \(failures) failed attempt\(failures == 1 ? "" : "s")") }
                failures = 0
                firstFailure = nil
                if !summary.filed.isEmpty || !summary.failures.isEmpty || !summary.joined.isEmpty {
                    let joined = summary.joined.count
                    logger.info("pass: \(summary.filed.count) filed, \(joined) follow-ups joined, \(summary.failures.count) failed, \(summary.alreadyOnFile) already on file")
                    MemoryTuning.giveBack()  // idle until the next mail: hold no more than needed
                } else {
                    logger.debug("pass: nothing new")
                }
                sendReplies()
            } catch {
                let failure = Failure(error)
                if failure.status == 2 {
                    // A broken rule set or configuration will not fix itself: stop and say so.
                    logger.critical("\(failure.message)")
                    throw failure
                }
                failures += 1
                if firstFailure == nil { firstFailure = Date() }
                let (level, line) = Self.report(error, failures: failures, since: firstFailure!, source: sourceName)
                logger.log(level: level, "\(line)")
                // A mailbox that cannot be read does not hold back the replies already recorded.
                sendReplies()
                await pause(Self.backoff(failures))
                continue
            }
            await waitForMail()
        }
        logger.info("stopped gracefully")
    }

    /// The replies due, after each pass: one log line for each thing done; a fault is logged and the replies
    /// wait in the outbox for the next pass (their back-off is the outbox's).
    func sendReplies() {
        switch run.dispatchReplies() {
        case .success(let events):
            for e in events { logger.info("reply \(e.description)") }
        case .failure(let failure):
            logger.error("\(failure.message)")
        }
    }

    /// How a failed pass is logged: a login that keeps failing (the kind says so, whatever the server's
    /// words) is raised loudly, as it will not mend by waiting; anything else is an error line.
    static func report(_ error: PipelineError, failures: Int, since first: Date, source: String) -> (Logger.Level, String) {
        if case .source(let cause) = error, cause.kind == .login, failures >= 3 {
            return (.critical, "LOGIN KEEPS FAILING for \(source): \(failures) attempts since \(first) — \(error.description)")
        }
        return (.error, "pass failed (\(failures) in a row): \(error.description)")
    }

    var sourceName: String {
        switch run.source {
        case .maildir(let m): return m.name
        case .imap(let i): return i.name
        }
    }

    /// 5 s doubling to 5 min, with ±50 % jitter so many pollers do not retry in step.
    static func backoff(_ failures: Int) -> Double {
        let base = min(300.0, 5.0 * pow(2.0, Double(min(failures - 1, 10))))
        return base * Double.random(in: 0.5...1.5)
    }

    /// Waits until the mailbox may hold mail the last pass did not see, or `interval` passes: the
    /// safety net, after which a pass looks anyway (its STATUS costs one round trip when nothing is new).
    ///
    /// IDLE announces only what arrives after it starts. Mail that arrived while the last pass
    /// fetched and filed, or since, is already in the mailbox when IDLE starts and is never
    /// announced: it waited for the next mail, hours on a quiet mailbox. So the UIDNEXT of the
    /// SELECT that precedes IDLE is compared with the one the pass saw before it searched, and a
    /// pass runs at once when it grew.
    func waitForMail() async {
        if useIdle, case .imap(let source) = run.source {
            do {
                let session = try source.connect()
                defer { try? session.logout() }
                if try source.selectToWait(session) {
                    logger.debug("mail arrived since the last pass looked: passing again")
                    return
                }
                if try session.capabilities.contains("IDLE") {
                    // Short IDLE slices, so a stop request is noticed within seconds; none past the
                    // deadline, so a short --every is kept.
                    let deadline = Date().addingTimeInterval(min(interval, 25 * 60))
                    while Date() < deadline, !Task.isShuttingDownGracefully {
                        if try session.idle(timeout: min(5, max(0.05, deadline.timeIntervalSinceNow))) { return }
                        await Task.yield()
                    }
                    return
                }
            } catch {
                logger.warning("IDLE unavailable (\(error)); polling every \(Int(interval)) s")
            }
        }
        await pause(interval)
    }

    func pause(_ seconds: Double) async {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end, !Task.isShuttingDownGracefully, !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(min(0.5, end.timeIntervalSinceNow) * 1e9))
        }
    }
}
