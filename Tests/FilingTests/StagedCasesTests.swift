import Extraction
import Foundation
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
        #expect(store.isMessageIDOnFile("<a@x>", source: "test"))
        #expect(store.isOrganizationOnFile("mail.uni.edu"))
        #expect(store.folderOfKnownMessage(sha256: "none", source: "test", sourceID: "b") == "Rejected")
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

    /// A crash in the middle of a group's renames leaves a run of folders past the highest number on
    /// file; recovery removes the whole run and nothing else.
    @Test func recoveryRemovesARunOfUncommittedFolders() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kept = try store.file(submission("kept", sourceID: "k"))
        let year = kept.id.split(separator: "-")[1]
        let leftovers = (2...6).map { "LX-\(year)-000\($0)" }
        for (i, id) in leftovers.enumerated() {
            let folder = ["Accepted", "Rejected", "Review"][i % 3]
            try FileManager.default.createDirectory(atPath: "\(dir)/\(folder)/\(id)", withIntermediateDirectories: true)
        }
        let done = try store.recover()
        #expect(done.count == leftovers.count)
        for id in leftovers {
            for folder in ["Accepted", "Rejected", "Review"] { #expect(!FileManager.default.fileExists(atPath: "\(dir)/\(folder)/\(id)")) }
        }
        #expect(FileManager.default.fileExists(atPath: kept.path))
    }

    /// Leftovers are looked for past the highest number of every year on file, not only this one's
    /// (a run that crashed on New Year's Eve numbered its group under the old year).
    @Test func recoveryLooksUnderEveryYearOnFile() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let kept = try store.file(submission("kept", sourceID: "k"))
        let year = Int(kept.id.split(separator: "-")[1])!
        for (old, seq) in [(year - 3, 4), (year - 1, 7)] {
            try store.db.write { db in
                try db.execute(sql: "INSERT INTO message (sha256, source, source_id, size, first_seen_at) VALUES (?, 'test', ?, 1, 'x')",
                               arguments: ["sha-\(old)", "old-\(old)"])
                try db.execute(sql: """
                    INSERT INTO "case" (id, year, seq, message_sha256, verdict, folder, fields, findings, rules_version, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'accept', 'Accepted', '{}', '[]', 'v1', 'x', 'x')
                    """, arguments: [String(format: "LX-%04d-%04d", old, seq), old, seq, "sha-\(old)"])
            }
        }
        let leftovers = [String(format: "LX-%04d-0005", year - 3), String(format: "LX-%04d-0008", year - 1),
                         String(format: "LX-%04d-0009", year - 1), String(format: "LX-%04d-0002", year)]
        let beyondTheRun = String(format: "LX-%04d-0011", year - 1)
        for id in leftovers + [beyondTheRun] {
            try FileManager.default.createDirectory(atPath: "\(dir)/Review/\(id)", withIntermediateDirectories: true)
        }
        let done = try store.recover()
        #expect(done.count == leftovers.count)
        for id in leftovers { #expect(!FileManager.default.fileExists(atPath: "\(dir)/Review/\(id)")) }
        #expect(FileManager.default.fileExists(atPath: "\(dir)/Review/\(beyondTheRun)"))
        #expect(FileManager.default.fileExists(atPath: kept.path))
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
        #expect(next.attemptCount(source: "imap", sourceID: "7/41") == 1)
        #expect(next.attemptCount(source: "imap", sourceID: "7/39") == 1)
        #expect(next.attemptCount(source: "imap", sourceID: "7/40") == 0)
        // Counted once: the notes are gone.
        #expect(try CaseStore(directory: dir).recover().isEmpty)
        #expect(next.readAheadStatus(sha256: "x", source: "imap", sourceID: "7/41") == (known: false, attempts: 1))
    }
}
