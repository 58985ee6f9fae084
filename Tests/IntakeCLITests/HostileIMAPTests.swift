import Filing
import Foundation
import Glibc
import Testing

/// `intake poll` against a server that misbehaves (HostileIMAPServer): whatever it sends, intake
/// ends within its deadlines, holds at most about one message's worth of memory, says what
/// happened, and files nothing of the broken answer (nothing is moved or flagged on the server).
@Suite(.serialized) struct HostileIMAPTests {
    /// What one run of the binary did, as its parent sees it.
    struct Run {
        var status: Int32
        var killed: Bool
        var seconds: Double
        var maxRSSMegabytes: Double
        var stderr: String
    }

    /// Runs intake, killed after `limit` seconds, sampling its peak resident memory (VmHWM) every
    /// 10 ms. Not wait4's ru_maxrss: posix_spawn's child shares the test's memory until it execs,
    /// and the kernel carries that peak (the whole test process's) over into the child's.
    static func run(_ arguments: [String], limit: Double) throws -> Run {
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).err").path
        defer { unlink(err) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([Intake.binary] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, Intake.binary, &actions, nil, argv, envp) == 0 else {
            throw TestSetupError("cannot run \(Intake.binary): run `swift build` (or `make test`) first")
        }
        let start = ContinuousClock.now
        var status: Int32 = 0
        var killed = false
        var peakKB = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { throw TestSetupError("waitpid: \(errno)") }
            if !killed, ContinuousClock.now - start > .milliseconds(Int64(limit * 1000)) {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(10_000)
        }
        let elapsed = ContinuousClock.now - start
        return Run(status: (status >> 8) & 0xff, killed: killed,
                   seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                   maxRSSMegabytes: Double(peakKB) / 1024,
                   stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// One poll of a fresh store against a server in `mode`; returns the run, the server's log of
    /// commands and the cases filed.
    static func poll(_ mode: HostileIMAPServer.Mode, options: [String] = [], limit: Double = 60) throws
        -> (run: Run, commands: [String], cases: Int) {
        let server = try HostileIMAPServer(mode)
        defer { server.stop() }
        let folder = try temporaryFolder("hostile-\(mode.rawValue)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let password = folder + "/password"
        try "p\n".write(toFile: password, atomically: true, encoding: .utf8)
        let store = folder + "/store"
        let run = try run(["poll", "--imap", "imap://127.0.0.1:\(server.port)/INBOX", "--allow-plaintext", "--user", "u",
                           "--password-file", password, "--store", store, "--rules", Intake.repository + "/Rules"] + options, limit: limit)
        let cases = try CaseStore(directory: store).allCases().count
        return (run, server.received, cases)
    }

    static let marks = ["UID MOVE", "UID STORE", "UID COPY", "UID EXPUNGE"]

    static func report(_ mode: HostileIMAPServer.Mode, _ run: Run) -> String {
        "\(mode.rawValue): exit \(run.status)\(run.killed ? " (killed)" : ""), \(String(format: "%.2f", run.seconds)) s, "
            + "max RSS \(Int(run.maxRSSMegabytes)) MB — \(run.stderr.split(separator: "\n").last ?? "")"
    }

    @Test func aWellBehavedServerIsFiledAndMoved() throws {
        let (run, commands, cases) = try Self.poll(.wellBehaved)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(cases == 3)
        #expect(commands.contains { $0.contains("UID MOVE 1:3") }, "\(commands)")
    }

    /// Small deadlines keep the suite fast; the default per-read timeout alone never ends these.
    static let deadlines = ["--timeout", "1.5", "--command-timeout", "2"]

    @Test(arguments: [
        (HostileIMAPServer.Mode.trickle, "did not finish UID FETCH within 2 s"),
        (.existsFlood, "did not finish UID FETCH within 2 s"),
        (.hugeLiteralSize, "a literal of 9999999999999999 bytes, more than the largest message accepted (512 MB)"),
        (.brokenSyntax, "a FETCH answer with a quoted string that never closes"),
        (.giantSearch, "a SEARCH answer of more than 50000 UIDs for a window of 50000"),
        (.endlessResponse, "a response of more than 513 MB"),
    ])
    func aHostileServerEndsThePollWithinItsBoundsAndFilesNothing(_ mode: HostileIMAPServer.Mode, _ says: String) throws {
        // An endless response is ended by its size bound: reading 513 MB takes about a second alone and
        // several on a loaded machine, so its deadline is set out of the bound's way (it had raced it).
        let endless = mode == .endlessResponse
        let options = endless ? ["--timeout", "1.5", "--command-timeout", "30"] : Self.deadlines
        let (run, commands, cases) = try Self.poll(mode, options: options, limit: endless ? 60 : 30)
        print(Self.report(mode, run))
        #expect(!run.killed, "still running at its limit: \(Self.report(mode, run))")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains(says), "\(run.stderr)")
        #expect(run.stderr.contains("intake closed the connection"), "\(run.stderr)")
        #expect(run.seconds < (endless ? 30 : 10), "\(Self.report(mode, run))")
        // At most about one message (512 MB, the parser's limit) beyond what a poll needs anyway.
        let bound = mode == .endlessResponse ? 100.0 + 513 : 100
        #expect(run.maxRSSMegabytes < bound, "\(Self.report(mode, run))")
        #expect(cases == 0, "nothing of a broken answer is filed")
        #expect(!commands.contains { c in Self.marks.contains { c.uppercased().contains($0) } }, "nothing is moved or flagged: \(commands)")
    }

    @Test func aPassThatOutlastsItsDeadlineEnds() throws {
        // Each command gets its full minute; the pass as a whole gets 2 s.
        let (run, commands, cases) = try Self.poll(.existsFlood, options: ["--command-timeout", "60", "--pass-timeout", "2"], limit: 30)
        print(Self.report(.existsFlood, run))
        #expect(run.status == 1 && !run.killed, "\(Self.report(.existsFlood, run))")
        #expect(run.stderr.contains("took longer than 2 s (stopped during UID FETCH)"), "\(run.stderr)")
        #expect(run.seconds < 10)
        #expect(cases == 0)
        #expect(!commands.contains { c in Self.marks.contains { c.uppercased().contains($0) } })
    }

    @Test func deadlinesMustBePositive() throws {
        let out = try Intake.run(["poll", "--imap", "imap://127.0.0.1:1/INBOX", "--user", "u", "--password-env", "NONE",
                                  "--command-timeout", "0"])
        #expect(out.status == 2)
        #expect(out.stderr.contains("--command-timeout 0.0: give a number of seconds above 0"), "\(out.stderr)")
    }
}
