import Extraction
import Foundation
import Synchronization
import Testing
@testable import Filing
import RuleEngine

/// Cases are staged, then committed in groups: until the commit they count for the store's
/// questions but not for a crash.
@Suite struct StagedCasesTests {
    @Test func stagedCasesCountForDedupeAndNumberingBeforeTheCommit() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try store.stage(submission("one", sourceID: "a", domain: "uni.edu"))
        let second = try store.stage(submission("two", sourceID: "b", verdict: .reject))
        #expect(first.id.hasSuffix("-0001") && second.id.hasSuffix("-0002"))
        #expect(try store.isKnown(sha256: CaseStore.sha256(Array("one".utf8)), source: "other", sourceID: "x"))
        #expect(try store.isKnown(sha256: "none", source: "test", sourceID: "b"))
        #expect(try store.isMessageIDOnFile("<a@x>", source: "test"))
        #expect(try store.isOrganizationOnFile(OrganizationDomain(domain: "mail.uni.edu")!))
        #expect(try store.folderOfKnownMessage(sha256: "none", source: "test", sourceID: "b") == "Rejected")
        // Nothing is in the archive or the database yet.
        #expect(!FileManager.default.fileExists(atPath: first.path))
        #expect(try store.allCases().isEmpty)

        let committed = try store.commitStaged()
        #expect(committed.map(\.id) == [first.id, second.id])
        #expect(try store.allCases().map(\.id) == [first.id, second.id])
        #expect(FileManager.default.contents(atPath: first.path + "/message.eml") == Data("one".utf8))
        #expect(FileManager.default.contents(atPath: second.path + "/message.eml") == Data("two".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.tmp").isEmpty)
        // The numbering goes on from what was committed.
        #expect(try store.file(submission("three", sourceID: "c")).id.hasSuffix("-0003"))
    }

    /// While a group commits on a thread of its own and the next is staged, the store's questions find
    /// each case once: in the staged list until its transaction commits, in the database after, never in
    /// both nor in neither (the list lets go of a group in the same access to the database that commits
    /// it). Asked without pause over twenty groups, so questions land inside the commit's window many times.
    @Test func aGroupCommittingAsideIsFoundOnceByEveryQuestion() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func stage(_ round: Int) throws -> [String] {
            try (0..<3).map { i in try store.stage(submission("\(round)-\(i)", sourceID: "\(round)-\(i)", domain: "u\(round).edu")).id }
        }
        var asked = 0
        var ids = try stage(0)
        for round in 0..<20 {
            let organization = try #require(OrganizationDomain(domain: "u\(round).edu"))
            let group = store.commitStagedAside()
            let ended = Mutex(false)
            let waiter = Thread {
                _ = try? group.wait()
                ended.withLock { $0 = true }
            }
            waiter.start()
            var next: [String] = []
            repeat {
                // The next group is staged while this one commits, as a poll does.
                if next.isEmpty, round < 19 { next = try stage(round + 1) }
                #expect(try store.casesOfOrganization(organization) == ids)
                #expect(try store.isOrganizationOnFile(organization))
                #expect(try store.isKnown(sha256: "none", source: "test", sourceID: "\(round)-2"))
                asked += 1
            } while !ended.withLock({ $0 })
            #expect(try group.wait().map(\.id) == ids)
            #expect(try store.casesOfOrganization(organization) == ids)
            ids = next
        }
        let all = try store.allCases().map(\.id)
        #expect(all.count == 60)
        #expect(asked >= 20)
        // Numbered in order across groups: staging never took a number a committing group held.
        let year = all[0].split(separator: "-")[1]
        #expect(all == (1...60).map { "LX-\(year)-" + String(format: "%04d", $0) })
    }

    @Test func aFailedCommitLeavesNothingOnFile() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let staged = try store.stage(submission("one", sourceID: "a"))
        // The staging area vanishes under the store: the commit cannot sync or rename.
        try FileManager.default.removeItem(atPath: dir + "/.tmp")
        #expect(throws: FilingError.self) { try store.commitStaged() }
        #expect(!FileManager.default.fileExists(atPath: staged.path))
        #expect(try store.allCases().isEmpty)
        #expect(try !store.isKnown(sha256: CaseStore.sha256(Array("one".utf8)), source: "test", sourceID: "a"))
    }

    @Test func discardedCasesAreGone() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try store.stage(submission("one", sourceID: "a"))
        store.discardStaged()
        #expect(try !store.isKnown(sha256: "none", source: "test", sourceID: "a"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.tmp").isEmpty)
        #expect(try store.file(submission("one", sourceID: "a")).id.hasSuffix("-0001"))
    }

    /// A crash in the middle of a group's renames leaves folders the database does not know; the group
    /// named them in `.pending-group` before placing them, and recovery removes those and nothing else.
    @Test func recoveryRemovesTheGroupARunWasPlacingAndNothingElse() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kept = try store.file(submission("kept", sourceID: "k"))
        let year = kept.id.split(separator: "-")[1]
        let placed = (2...6).map { i in "\(["Accepted", "Rejected", "Review"][i % 3])/LX-\(year)-000\(i)" }
        for path in placed { try FileManager.default.createDirectory(atPath: "\(dir)/\(path)", withIntermediateDirectories: true) }
        try Data(placed.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: dir + "/.pending-group"))
        // Someone's notes, and a folder under a later number no run of this store placed.
        let foreign = ["Accepted/auditor-notes", "Review/LX-\(year)-0009"]
        for path in foreign { try FileManager.default.createDirectory(atPath: "\(dir)/\(path)", withIntermediateDirectories: true) }
        let done = try store.recover()
        for path in placed { #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(path)")) }
        #expect(done.filter { $0.hasPrefix("removed") }.count == placed.count)
        for path in foreign { #expect(FileManager.default.fileExists(atPath: "\(dir)/\(path)")) }
        #expect(FileManager.default.fileExists(atPath: kept.path))
        #expect(!FileManager.default.fileExists(atPath: dir + "/.pending-group"))
    }

    /// Issue 12: with the database lost, recovery took the whole archive for a crash's leftovers. A
    /// database that knows no case beside an archive that holds some is refused, and nothing is touched.
    @Test(arguments: ["deleted", "emptied"])
    func aLostDatabaseBesideAnArchiveIsRefused(how: String) throws {
        // The store that filed the case is closed before its database is lost, as another run's would be.
        let (kept, dir): (CaseRecord, String) = try {
            let (store, dir) = try temporaryStore()
            return (try store.file(submission("kept", sourceID: "k")), dir)
        }()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for suffix in ["", "-wal", "-shm"] {
            let path = dir + "/intake.sqlite" + suffix
            if how == "deleted" || suffix != "" { try? FileManager.default.removeItem(atPath: path) } else { try Data().write(to: URL(fileURLWithPath: path)) }
        }
        do {
            _ = try CaseStore(directory: dir)
            Issue.record("a store with a lost database was opened")
        } catch {
            guard case .archiveWithoutDatabase(_, let folders) = error else { Issue.record("\(error)"); return }
            #expect(folders == 1)
        }
        #expect(FileManager.default.fileExists(atPath: kept.path + "/message.eml"))
    }

    /// A run killed while placing its very first group leaves folders and an empty database: that is a
    /// crash to recover from, not a lost database.
    @Test func aFirstGroupKilledBeforeItsCommitIsRecoveredNotRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try CaseStore(directory: dir)
        let placed = ["Accepted/LX-2026-0001", "Review/LX-2026-0002"]
        for path in placed { try FileManager.default.createDirectory(atPath: dir + "/" + path, withIntermediateDirectories: true) }
        try Data(placed.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: dir + "/.pending-group"))
        let store = try CaseStore(directory: dir)
        try store.recover()
        for path in placed { #expect(!FileManager.default.fileExists(atPath: dir + "/" + path)) }
    }

    /// A folder already under the number a new case gets (a database older than its archive) is never
    /// overwritten: the group is refused, and the folder stays as it was.
    @Test func aFolderUnderANewCaseNumberIsNeverOverwritten() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kept = try store.file(submission("kept", sourceID: "k"))
        let year = kept.id.split(separator: "-")[1]
        let squatter = "\(dir)/Accepted/LX-\(year)-0002"
        try FileManager.default.createDirectory(atPath: squatter, withIntermediateDirectories: true)
        try Data("archived".utf8).write(to: URL(fileURLWithPath: squatter + "/message.eml"))
        _ = try store.stage(submission("new", sourceID: "n"))
        #expect(throws: FilingError.self) { try store.commitStaged() }
        #expect(FileManager.default.contents(atPath: squatter + "/message.eml") == Data("archived".utf8))
        #expect(try store.allCases().count == 1)
    }

    /// A run that dies while reading or filing a message leaves a note of it; the next run's
    /// recovery counts an attempt against that message, and only that one.
    @Test func recoveryChargesTheMessageARunDiedOn() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        store.markInProgress(.reading, source: "imap", sourceID: "7/41")
        store.markInProgress(.filing, source: "imap", sourceID: "7/40")
        store.clearInProgress(.filing)                                      // 7/40 got through
        store.markInProgress(.filing, source: "imap", sourceID: "7/39")   // the run dies here
        let next = try CaseStore(directory: dir)
        let done = try next.recover()
        #expect(done.count == 2)
        #expect(try next.attemptCount(source: "imap", sourceID: "7/41") == 1)
        #expect(try next.attemptCount(source: "imap", sourceID: "7/39") == 1)
        #expect(try next.attemptCount(source: "imap", sourceID: "7/40") == 0)
        // Counted once: the notes are gone.
        #expect(try CaseStore(directory: dir).recover().isEmpty)
        #expect(next.readAheadStatus(sha256: "x", source: "imap", sourceID: "7/41") == (known: false, attempts: 1))
    }
}
