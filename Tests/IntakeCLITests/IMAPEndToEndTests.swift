import Filing
import Foundation
import Glibc
import TestServers
import Testing

/// `intake poll --imap` and `intake watch` against the private Dovecot (`make test` starts it), or a
/// test's own instance of it.
struct Dovecot {
    var settings: DovecotSettings

    var url: String { "imaps://\(host):\(port)" }
    var user: String { settings.user }
    var passwordFile: String { settings.passwordFile }
    var caFile: String { settings.caFile }
    var host: String { settings.host }
    var port: String { String(settings.imapsPort) }

    static func current() throws -> Dovecot { Dovecot(settings: try DovecotSettings.current()) }

    /// Runs `scripts/dovecot.sh ARGS` and returns its output.
    @discardableResult
    func run(_ arguments: [String], input: Data? = nil) throws -> String {
        try settings.run(arguments, input: input.map { [UInt8]($0) } ?? [])
    }

    /// Creates a mailbox. Under the whole suite's load doveadm has been seen to take minutes over a create and
    /// then say the mailbox "already exists" (its own first attempt had made it): that is the mailbox asked for.
    func createMailbox(_ name: String) throws {
        do { try run(["doveadm", "mailbox", "create", "-u", user, name]) } catch let error as ScriptFailed where error.output.contains("already exists") {}
    }

    /// A Dovecot of this test's own, so restarting it disturbs no other test.
    func privateInstance() throws -> Dovecot { Dovecot(settings: try settings.privateInstance()) }

    func stopInstance() { settings.stopInstance() }

    func deliver(_ message: Data, to mailbox: String) throws {
        try run(["doveadm", "save", "-u", user, "-m", mailbox], input: message)
    }

    /// Removes a test's mailbox and the folders intake filed its messages under.
    func remove(_ mailbox: String, filedUnder folder: String) {
        for m in [mailbox, folder + "/Accepted", folder + "/Rejected", folder + "/Review", folder] {
            _ = try? run(["doveadm", "mailbox", "delete", "-u", user, m])
        }
    }

    func count(_ mailbox: String) throws -> Int {
        let out = try run(["doveadm", "mailbox", "status", "-u", user, "messages", mailbox])
        return Int(out.split(separator: "=").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
    }

    func arguments(_ mailbox: String, folder: String, store: String) -> [String] {
        ["--imap", "\(url)/\(mailbox)", "--user", user, "--password-file", passwordFile, "--ca-file", caFile,
         "--intake-folder", folder, "--store", store]
    }
}

func uniqueCopies(_ count: Int, tag: String) throws -> [Data] {
    let files = try ["cur", "new"].flatMap { sub in
        try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Mailbox/" + sub).sorted().map { Intake.repository + "/Mailbox/\(sub)/\($0)" }
    }
    return (0..<count).map { i in
        var d = Data("Message-ID: <\(tag)-\(i)@cli.test>\r\nX-Copy: \(i)\r\n".utf8)
        d.append(FileManager.default.contents(atPath: files[i % files.count])!)
        return d
    }
}

@Test(.timeLimit(.minutes(10)))
func pollOverIMAPIsExactlyOnceWhateverPointItIsKilledAt() throws {
    let dv = try Dovecot.current()
    let id = UUID().uuidString.prefix(8)
    let mailbox = "cli-kill-\(id)", folder = "KillFiled-\(id)"
    let store = try temporaryFolder("imap-kill-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let count = 150
    try dv.createMailbox(mailbox)
    for m in try uniqueCopies(count, tag: "kill-\(id)") { try dv.deliver(m, to: mailbox) }
    defer { dv.remove(mailbox, filedUnder: folder) }

    var kills = 0
    for round in 0..<30 {
        let running = try Intake.start(["poll"] + dv.arguments(mailbox, folder: folder, store: store))
        usleep(UInt32(80_000 + (round * 37_000) % 600_000))
        if running.process.isRunning {
            kill(running.process.processIdentifier, SIGKILL)
            kills += 1
        }
        let out = Intake.finish(running)
        if running.process.terminationReason == .exit, out.status == 0, try dv.count(mailbox) == 0 { break }
    }
    #expect(kills >= 3, "\(kills) kills")
    let last = try Intake.run(["poll"] + dv.arguments(mailbox, folder: folder, store: store))
    #expect(last.status == 0, "\(last.stderr)")
    #expect(try dv.count(mailbox) == 0, "every message filed and moved")
    let filed = try dv.count(folder + "/Accepted") + dv.count(folder + "/Rejected") + dv.count(folder + "/Review")
    #expect(filed == count, "each message moved exactly once")
    let cases = try CaseStore(directory: store).allCases()
    #expect(cases.count == count)
    #expect(Set(cases.map(\.messageID)).count == count)
}

@Test(.timeLimit(.minutes(10)))
func aServerRestartMidPollIsRecoveredByTheNextPoll() throws {
    let dv = try Dovecot.current().privateInstance()
    defer { dv.stopInstance() }
    let id = UUID().uuidString.prefix(8)
    let mailbox = "cli-restart-\(id)", folder = "RestartFiled-\(id)"
    let store = try temporaryFolder("imap-restart-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    let count = 120
    try dv.createMailbox(mailbox)
    for m in try uniqueCopies(count, tag: "restart-\(id)") { try dv.deliver(m, to: mailbox) }
    defer { dv.remove(mailbox, filedUnder: folder) }

    let running = try Intake.start(["poll"] + dv.arguments(mailbox, folder: folder, store: store))
    usleep(300_000)
    try dv.run(["restart", "--hard"])
    let first = Intake.finish(running)
    // Either it finished before the restart, or it failed saying what happened: never a hang, never a crash.
    #expect(first.status == 0 || first.stderr.contains("IMAP") || first.stderr.contains("connect"), "\(first.stderr)")
    var tries = 0
    while tries < 5 {
        let out = try Intake.run(["poll", "--timeout", "15"] + dv.arguments(mailbox, folder: folder, store: store))
        if out.status == 0 { break }
        tries += 1
        usleep(500_000)
    }
    #expect(try dv.count(mailbox) == 0)
    #expect(try CaseStore(directory: store).allCases().count == count)
}

@Test(.timeLimit(.minutes(10)))
func watchFilesNewMailWithinSecondsAndStopsGracefully() throws {
    let dv = try Dovecot.current()
    let id = UUID().uuidString.prefix(8)
    let mailbox = "cli-watch-\(id)", folder = "WatchFiled-\(id)"
    let store = try temporaryFolder("imap-watch-store")
    defer { try? FileManager.default.removeItem(atPath: store) }
    try dv.createMailbox(mailbox)
    defer { dv.remove(mailbox, filedUnder: folder) }

    let watch = try Intake.start(["watch", "--every", "10m"] + dv.arguments(mailbox, folder: folder, store: store))
    defer { if watch.process.isRunning { kill(watch.process.processIdentifier, SIGKILL) } }
    usleep(1_500_000)
    let messages = try uniqueCopies(3, tag: "watch-\(id)")
    let started = Date()
    for m in messages { try dv.deliver(m, to: mailbox) }
    // IDLE wakes it: filed long before the 10-minute interval.
    var filed = 0
    while Date().timeIntervalSince(started) < 30 {
        filed = (try? CaseStore(directory: store).allCases().count) ?? 0
        if filed == 3 { break }
        usleep(200_000)
    }
    #expect(filed == 3, "new mail filed within seconds (\(Date().timeIntervalSince(started)) s)")
    kill(watch.process.processIdentifier, SIGTERM)
    let out = Intake.finish(watch)
    #expect(out.status == 0, "\(out.stderr.suffix(500))")
    #expect(out.stderr.contains("stopped gracefully"))
    #expect(out.stderr.contains("accept") || out.stderr.contains("reject") || out.stderr.contains("review"), "one log line per decision")
}

@Test func aWrongPasswordFailsWithExitOneAndAClearMessage() throws {
    let dv = try Dovecot.current()
    let store = try temporaryFolder("imap-pw-store")
    let wrong = store + "/wrong-password"
    try "definitely-wrong\n".write(toFile: wrong, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: store) }
    var args = dv.arguments("INBOX", folder: "Nope", store: store + "/s")
    args[args.firstIndex(of: dv.passwordFile)!] = wrong
    let out = try Intake.run(["poll"] + args)
    #expect(out.status == 1)
    #expect(out.stderr.contains("login failed"), "\(out.stderr)")
    #expect(!out.stderr.contains("definitely-wrong"))
    let noCredential = try Intake.run(["poll", "--imap", dv.url + "/INBOX", "--user", dv.user, "--store", store + "/s"])
    #expect(noCredential.status == 2)
    #expect(noCredential.stderr.contains("--password-file"))
}
