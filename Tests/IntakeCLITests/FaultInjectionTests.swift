import Filing
import Foundation
import MailSources
import Pipeline
import Testing

/// The store's crash safety, step by step: `INTAKE_FAULT_AT=N` ends a run at the Nth write, half
/// write, rename, flush, removal or database commit of the store (`FaultPoint`), and each N is tried
/// in turn until a run ends without reaching it. After every such death, the next ordinary run must
/// put the store right: the database and the archive agree (`store check` finds no drift), every
/// message of the source is filed exactly once, nothing twice.
@Suite(.serialized) struct FaultInjectionTests {
    /// The fault hook's exit status (`FaultPoint.exitStatus`).
    static let faultStatus: Int32 = 86

    /// A Maildir of a few messages with every verdict and an attachment, and one message that is not mail.
    static func sourceMaildir() throws -> (path: String, count: Int) {
        let dir = try temporaryFolder("fault-maildir")
        for sub in ["cur", "new", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
        let samples = [
            "1793715300.M669834P22304.ecoprintq:2,S",  // accepted
            "1793971565.M958269P12261.ecoprintq:2,S",  // rejected: free-mail sender
            "1795096853.M606919P2548.ecoprintq:2,S",   // review: a letter attached
        ]
        for name in samples {
            try FileManager.default.copyItem(atPath: Intake.repository + "/Mailbox/cur/" + name, toPath: dir + "/cur/" + name)
        }
        try Data([0x00, 0xFF, 0xFE, 0x0D, 0x0A, 0x00]).write(to: URL(fileURLWithPath: dir + "/new/1795000000.M1P1.binary"))
        return (dir, samples.count + 1)
    }

    /// The rules with a short free-mail list: a run reads them at every start, and the full list is most
    /// of a short run's time. `severity` is the free-mail rule's.
    static func quickRules(in folder: String, freeMailSeverity severity: String = "reject") throws -> String {
        let rules = folder + "/rules-" + severity
        try FileManager.default.createDirectory(atPath: rules, withIntermediateDirectories: true)
        for name in ["fields.yaml", "free-mail-allow.txt", "patterns"] {
            try copyTree(Intake.repository + "/Rules/" + name, rules + "/" + name)
        }
        try "hotmail.com\ngmail.com\n".write(toFile: rules + "/free-mail.txt", atomically: true, encoding: .utf8)
        let yaml = try String(contentsOfFile: Intake.repository + "/Rules/rules.yaml", encoding: .utf8)
        let changed = yaml.replacingOccurrences(of: "  - id: free-mail-sender\n    severity: reject", with: "  - id: free-mail-sender\n    severity: \(severity)")
        #expect(changed.contains("severity: \(severity)\n    description: The request comes from a free-mail"))
        try changed.write(toFile: rules + "/rules.yaml", atomically: true, encoding: .utf8)
        return rules
    }

    /// Every message of the source is on file once, and the archive and database agree.
    static func expectInStep(_ store: String, messages: Int, after point: Int, _ what: String) throws {
        let opened = try CaseStore(directory: store)
        let drifts = try opened.check()
        #expect(drifts.isEmpty, "\(what) killed at step \(point), then run again: \(drifts)")
        let cases = try opened.allCases()
        #expect(cases.count == messages, "\(what) killed at step \(point): \(cases.count) cases for \(messages) messages")
        #expect(Set(cases.map(\.sourceID)).count == cases.count, "\(what) killed at step \(point): a source message filed twice")
        #expect(Set(cases.map(\.messageSHA256)).count == cases.count, "\(what) killed at step \(point): a raw message filed twice")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: store + "/.tmp")) ?? []).isEmpty,
                "\(what) killed at step \(point): staging left behind")
        #expect(!FileManager.default.fileExists(atPath: store + "/.pending-group"), "\(what) killed at step \(point): .pending-group left")
    }

    /// Runs `arguments` with the fault hook at N = 1, 2, … (each time on a fresh copy of `base`, or an
    /// empty store), then `again` without it, and hands the store to `verify`. Stops at the first N the
    /// run does not reach, or whose step `stop` picks out. Returns the steps tried and each one's name.
    @discardableResult
    static func enumerate(_ what: String, base: String?, arguments: (String) -> [String], again: (String) throws -> Void,
                          stop: (String) -> Bool = { _ in false }, environment: [String: String] = [:],
                          verify: (String, Int) throws -> Void) throws -> [String] {
        let root = try temporaryFolder("fault")
        defer { try? FileManager.default.removeItem(atPath: root) }
        var names: [String] = []
        for n in 1...400 {
            let store = root + "/store-\(n)"
            if let base { try copyTree(base, store) }
            let faulted = try Intake.run(arguments(store), environment: environment.merging(["INTAKE_FAULT_AT": "\(n)"]) { $1 })
            if faulted.status != faultStatus {
                #expect(faulted.status == 0, "\(what) without a fault: \(faulted.stderr)")
                try verify(store, n)
                return names
            }
            let name = stepName(faulted.stderr, n)
            #expect(name != nil, "\(faulted.stderr)")
            if let name, stop(name) { return names }
            names.append(name ?? "?")
            do { try again(store) } catch { Issue.record("\(what) killed at \(faulted.stderr): the next run failed: \(error)") }
            try verify(store, n)
            try? FileManager.default.removeItem(atPath: store)
        }
        Issue.record("\(what) still reached a fault step after 400")
        return names
    }

    /// The step a run was ended at, from the line the hook prints.
    static func stepName(_ stderr: String, _ n: Int) -> String? {
        let marker = "fault injected at step \(n): "
        guard let range = stderr.range(of: marker) else { return nil }
        return String(stderr[range.upperBound...].prefix { $0 != "\n" })
    }

    /// The run after a killed one: `intake poll`'s own steps in this process (lock, recover, one pass). The
    /// killed runs are each a process, and a second process per step would double the test's time.
    static func pollAgain(maildir: String, rules: String) throws -> (String) throws -> Void {
        let decider = try Decider(rulesDirectory: rules)
        let source = try MaildirSource(directory: maildir)
        return { store in
            let opened = try CaseStore(directory: store)
            let lock = try opened.lock()
            defer { lock.release() }
            try opened.recover()
            let summary = try Poller(decider: decider, store: opened).run(source)
            #expect(summary.failures.isEmpty, "\(summary.failures)")
        }
    }

    /// Groups of one case: each commits on a thread of its own while the next message is decided and
    /// staged, so the killed runs die with a group committing and the next one staged, at every step of
    /// either; the next run still files every message once.
    @Test(.timeLimit(.minutes(10)))
    func pollKilledWhileAGroupCommitsBesideTheNextLosesNothing() throws {
        let (maildir, count) = try Self.sourceMaildir()
        let rules = try Self.quickRules(in: maildir)
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        let poll = { (store: String) in ["poll", "--source", maildir, "--store", store, "--rules", rules] }
        let pollAgain = try Self.pollAgain(maildir: maildir, rules: rules)
        try Self.enumerate("poll in groups of one", base: nil, arguments: poll, again: pollAgain,
                           environment: ["INTAKE_GROUP_SIZE": "1"]) { store, n in
            try Self.expectInStep(store, messages: count, after: n, "poll in groups of one")
        }
        // One flush of the file system and one group file per case, not one for all. Counted in one
        // traced run: the two threads' steps interleave differently in each killed run, so the Nth step
        // of one is not the Nth of another, and the names the enumeration saw may miss some of a kind.
        let root = try temporaryFolder("fault-groups-traced")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let traced = try Intake.run(poll(root + "/store"), environment: ["INTAKE_FAULT_AT": "trace", "INTAKE_GROUP_SIZE": "1"])
        #expect(traced.status == 0, "\(traced.stderr)")
        let steps = traced.stderr.split(separator: "\n").filter { $0.hasPrefix("intake: step ") }
        #expect(steps.filter { $0.contains(": flush the file system") }.count >= count, "\(steps)")
        #expect(steps.filter { $0.contains(": rename ") && $0.contains("/.pending-group.new to ") }.count >= count, "\(steps)")
    }

    /// The store as a run left it when it was ended at step `n` (a fresh copy of `base`, or a new store).
    static func deadAt(_ n: Int, base: String?, arguments: (String) -> [String], into store: String) throws -> String {
        if let base { try copyTree(base, store) }
        let faulted = try Intake.run(arguments(store), environment: ["INTAKE_FAULT_AT": "\(n)"])
        #expect(faulted.status == faultStatus, "\(faulted.stderr)")
        return stepName(faulted.stderr, n) ?? "?"
    }

    @Test(.timeLimit(.minutes(10)))
    func pollKilledAtEveryStepOfTheStoreLosesNothingAndFilesNothingTwice() throws {
        let (maildir, count) = try Self.sourceMaildir()
        let rules = try Self.quickRules(in: maildir)
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        let poll = { (store: String) in ["poll", "--source", maildir, "--store", store, "--rules", rules] }
        let pollAgain = try Self.pollAgain(maildir: maildir, rules: rules)
        let names = try Self.enumerate("poll", base: nil, arguments: poll, again: pollAgain) { store, n in
            try Self.expectInStep(store, messages: count, after: n, "poll")
        }
        // Every message is staged (its folder and files), placed and committed: many steps, not a few.
        #expect(names.count >= 4 * count, "poll passed only \(names.count) fault steps")

        // Then a run ended while recovering, at each step of its recovery, from the state with most to
        // undo: every folder of the group placed, the group's commit not made.
        let worst = try #require(names.indices.first { $0 > 0 && names[$0] == "before a database commit" && names[$0 - 1].hasPrefix("fsync the folder") })
        let root = try temporaryFolder("fault-poll-dead")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let dead = root + "/store"
        #expect(try Self.deadAt(worst + 1, base: nil, arguments: poll, into: dead) == names[worst])
        let recovering = try Self.enumerate("poll recovering", base: dead, arguments: poll, again: pollAgain,
                                            stop: { $0.hasPrefix("make the folder") && $0.contains("/.tmp/") }) { store, n in
            try Self.expectInStep(store, messages: count, after: n, "poll recovering from step \(worst + 1)")
        }
        // At least a removal for each placed folder.
        #expect(recovering.filter { $0.hasPrefix("remove") }.count >= count, "\(recovering)")
        print("poll: \(names.count) fault steps enumerated, then \(recovering.count) of the recovery from step \(worst + 1)")
    }

    @Test(.timeLimit(.minutes(10)))
    func reprocessKilledAtEveryStepLeavesTheCaseInStep() throws {
        let (maildir, count) = try Self.sourceMaildir()
        let root = try temporaryFolder("fault-reprocess-base")
        defer { try? FileManager.default.removeItem(atPath: maildir); try? FileManager.default.removeItem(atPath: root) }
        let base = root + "/store"
        let first = try Intake.run(["poll", "--source", maildir, "--store", base, "--rules", try Self.quickRules(in: root)])
        #expect(first.status == 0, "\(first.stderr)")
        // Rules under which the free-mail sender's case moves from Rejected/ to Review/.
        let rules = try Self.quickRules(in: root, freeMailSeverity: "review")
        let before = try CaseStore(directory: base).allCases()
        let rejected = try #require(before.first { $0.verdict == .reject })

        let reprocess = { (store: String) in ["reprocess", rejected.id, "--store", store, "--rules", rules] }
        let reprocessAgain = { (store: String) throws in
            let next = try Intake.run(reprocess(store))
            #expect(next.status == 0, "\(next.stderr)")
        }
        func verify(_ store: String, _ n: Int) throws {
            try Self.expectInStep(store, messages: count, after: n, "reprocess")
            let after = try #require(try CaseStore(directory: store).caseRecord(id: rejected.id))
            #expect(after.verdict == .review && after.folder == .review, "reprocess killed at step \(n): \(after.verdict)")
            #expect(!FileManager.default.fileExists(atPath: after.path + "/.request.json.new"), "reprocess killed at step \(n)")
            #expect(!FileManager.default.fileExists(atPath: store + "/.reprocessing"), "reprocess killed at step \(n)")
        }
        let names = try Self.enumerate("reprocess", base: base, arguments: reprocess, again: reprocessAgain, verify: verify)
        #expect(names.count >= 5, "reprocess passed only \(names.count) fault steps")

        // Then a run ended while recovering, at each step of its recovery, from a reprocess ended after its
        // commit: the folder moved, the new record still beside the old one.
        let committed = try #require(names.firstIndex(of: "after a database commit"))
        let dead = root + "/dead"
        #expect(try Self.deadAt(committed + 1, base: base, arguments: reprocess, into: dead) == names[committed])
        let recovering = try Self.enumerate("reprocess recovering", base: dead, arguments: reprocess, again: reprocessAgain,
                                            stop: { $0.hasPrefix("write") && $0.hasSuffix("/.reprocessing") }, verify: verify)
        #expect(recovering.contains { $0.hasPrefix("rename") && $0.hasSuffix("/request.json") }, "\(recovering)")
        print("reprocess: \(names.count) fault steps enumerated, then \(recovering.count) of the recovery from step \(committed + 1)")
    }
}
