import Filing
import Foundation
import Testing

/// `intake store rebuild`: a store whose database was deleted is made again from its archive, and
/// reads as it did before — the same cases, numbers, verdicts, fields, sources and times.
@Test(.timeLimit(.minutes(10)))
func aLostDatabaseIsRebuiltFromTheArchiveAndReadsAsBefore() throws {
    let root = try temporaryFolder("rebuild")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let store = root + "/store"
    let rules = try FaultInjectionTests.quickRules(in: root)
    let poll = try Intake.run(["poll", "--source", Intake.repository + "/Mailbox", "--store", store, "--rules", rules])
    #expect(poll.status == 0, "\(poll.stderr)")
    // One case decided again under other rules: its record changes, and moves to another folder.
    let rejected = try #require(try CaseStore(directory: store).allCases().first { $0.verdict == .reject })
    let reprocess = try Intake.run(["reprocess", rejected.id, "--store", store,
                                    "--rules", try FaultInjectionTests.quickRules(in: root, freeMailSeverity: "review")])
    #expect(reprocess.status == 0, "\(reprocess.stderr)")
    // And one decided by a person: request.json carries the decision, so the rebuilt database has it too.
    let accepted = try #require(try CaseStore(directory: store).allCases().first { $0.verdict == .accept })
    let decide = try Intake.run(["cases", "decide", accepted.id, "--needs-info", "--note", "which campus?", "--by", "Ana", "--store", store])
    #expect(decide.status == 0, "\(decide.stderr)")

    let ids = try CaseStore(directory: store).allCases().map(\.id)
    #expect(ids.count == 17)
    /// What a person reads of the store: the list, the export, and each case but its history and log,
    /// which lived only in the database.
    func reading() throws -> [String] {
        let list = try Intake.run(["cases", "list", "--store", store])
        let export = try Intake.run(["cases", "export", "--format", "json", "--store", store])
        var out = [list.stdout, export.stdout]
        for id in ids {
            let show = try Intake.run(["cases", "show", id, "--store", store]).stdout
            out.append(String(show.components(separatedBy: "\nHistory").first!.components(separatedBy: "\nAudit log").first!))
        }
        return out
    }
    let before = try reading()
    #expect(before[0].contains("decided-by-person") && before[1].contains("which campus?"))
    #expect(before[0].contains(ids[0]) && before[2].contains("Source      maildir:"))

    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + "/intake.sqlite" + suffix) }
    let refused = try Intake.run(["cases", "list", "--store", store])
    #expect(refused.status == 2)
    #expect(refused.stderr.contains("intake store rebuild"), "\(refused.stderr)")

    let rebuilt = try Intake.run(["store", "rebuild", "--store", store])
    #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
    #expect(rebuilt.stdout.contains("17 cases"), "\(rebuilt.stdout)")
    let check = try Intake.run(["store", "check", "--store", store])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    let after = try reading()
    #expect(after.count == before.count)
    for (a, b) in zip(after, before) { #expect(a == b) }
    #expect(try Intake.run(["cases", "show", ids[0], "--store", store]).stdout.contains("rebuilt"))

    // Nothing is filed twice: the sources' message ids came back with the cases.
    let again = try Intake.run(["poll", "--source", Intake.repository + "/Mailbox", "--store", store, "--rules", rules])
    #expect(again.stdout.contains("nothing new"), "\(again.stdout)\(again.stderr)")

    // A database with cases is not replaced unless asked, and then kept aside.
    let second = try Intake.run(["store", "rebuild", "--store", store])
    #expect(second.status == 2)
    #expect(second.stderr.contains("holds 17 cases") && second.stderr.contains("--replace-database"), "\(second.stderr)")
    let replaced = try Intake.run(["store", "rebuild", "--replace-database", "--store", store])
    #expect(replaced.status == 0, "\(replaced.stderr)")
    let aside = try FileManager.default.contentsOfDirectory(atPath: store).filter { $0.hasPrefix("intake.sqlite.replaced-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
    #expect(aside.count == 1)
    if let kept = aside.first {
        #expect(try CaseStore(directory: store).allCases().count == 17)
        #expect(replaced.stdout.contains(kept), "\(replaced.stdout)")
    }
    #expect(try reading() == before)
}
