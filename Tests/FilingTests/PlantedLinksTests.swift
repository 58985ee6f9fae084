import Foundation
import Glibc
import Testing
@testable import Filing

/// Links planted inside a store (issue 12): no clean-up, recovery, reprocess or lock ever follows one
/// out of the store. Each test aims a link at a folder or file outside whose contents must survive.
@Suite struct PlantedLinksTests {
    /// A folder outside the store with a file, a file in a sub-folder, and mode 0755.
    static func outside() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try Data("precious".utf8).write(to: URL(fileURLWithPath: dir + "/keep.txt"))
        try Data("also precious".utf8).write(to: URL(fileURLWithPath: dir + "/sub/keep.txt"))
        try Data(#"{"verdict":"accept"}"#.utf8).write(to: URL(fileURLWithPath: dir + "/request.json"))
        chmod(dir, 0o755)
        return dir
    }

    static func expectIntact(_ dir: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(FileManager.default.contents(atPath: dir + "/keep.txt") == Data("precious".utf8), sourceLocation: sourceLocation)
        #expect(FileManager.default.contents(atPath: dir + "/sub/keep.txt") == Data("also precious".utf8), sourceLocation: sourceLocation)
        #expect(FileManager.default.contents(atPath: dir + "/request.json") == Data(#"{"verdict":"accept"}"#.utf8), sourceLocation: sourceLocation)
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: dir)) == ["keep.txt", "sub", "request.json"], sourceLocation: sourceLocation)
        var st = stat()
        #expect(stat(dir, &st) == 0 && st.st_mode & 0o777 == 0o755, "the outside folder's mode was changed", sourceLocation: sourceLocation)
    }

    func link(_ path: String, to target: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }

    @Test(arguments: [".tmp", "Accepted", "Review"])
    func aStoreFolderThatIsALinkIsRefused(name: String) throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        _ = try store.file(submission("kept", sourceID: "a", verdict: .reject))
        try link(dir + "/" + name, to: outside)
        #expect(throws: FilingError.self) { try CaseStore(directory: dir) }
        do { _ = try CaseStore(directory: dir) } catch {
            #expect(error.description.contains("\(name) is a symbolic link"), "\(error)")
        }
        #expect(throws: FilingError.self) { try CaseStore.rebuild(directory: dir, replacing: true) }
        try Self.expectIntact(outside)
    }

    @Test func aLinkAmongTheStagingFoldersIsRemovedItselfNeverItsTarget() throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        try link(dir + "/.tmp/LX-2026-0002-abc", to: outside)
        try FileManager.default.createDirectory(atPath: dir + "/.tmp/LX-2026-0003-def", withIntermediateDirectories: true)
        try link(dir + "/.tmp/LX-2026-0003-def/attachments", to: outside)
        try link(dir + "/.tmp/LX-2026-0003-def/message.eml", to: outside + "/keep.txt")
        try store.recover()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/.tmp").isEmpty)
        try Self.expectIntact(outside)
    }

    @Test func aLinkWhereTheGroupListSaysAFolderWasPlacedIsLeftAndReported() throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        let kept = try store.file(submission("kept", sourceID: "a"))
        let year = kept.id.split(separator: "-")[1]
        try link(dir + "/Review/LX-\(year)-0002", to: outside)
        try Data("Review/LX-\(year)-0002".utf8).write(to: URL(fileURLWithPath: dir + "/.pending-group"))
        let done = try store.recover()
        #expect(done.contains { $0.contains("left Review/LX-\(year)-0002 in place: a link") }, "\(done)")
        try Self.expectIntact(outside)
        #expect(try store.check().contains { $0.kind == .unknownFolder && $0.detail.contains("a link to \(outside)") })
    }

    @Test func aCaseFolderThatIsALinkIsDriftAndNeverWrittenThrough() throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        let filed = try store.file(submission("kept", sourceID: "a", verdict: .review))
        try FileManager.default.removeItem(atPath: filed.path)
        try link(filed.path, to: outside)
        #expect(try store.check().map(\.kind) == [.link])
        #expect(store.rawMessage(of: filed) == nil)
        var again = submission("kept", sourceID: "a", verdict: .accept)
        again.record = Array(#"{"verdict":"accept","new":true}"#.utf8)
        #expect(throws: FilingError.self) { try store.refile(filed, with: again) }
        // A reprocess marker makes recovery compare the whole archive: the link is reported, not followed.
        try Data(filed.id.utf8).write(to: URL(fileURLWithPath: dir + "/.reprocessing"))
        try Data(again.record).write(to: URL(fileURLWithPath: outside + "/.request.json.new"))
        let done = try store.recover()
        #expect(done.contains { $0.contains("a symbolic link or a file, not a case folder") }, "\(done)")
        try FileManager.default.removeItem(atPath: outside + "/.request.json.new")
        try Self.expectIntact(outside)
        #expect(try store.caseRecord(id: filed.id)?.verdict == .review)
    }

    @Test func aCaseFileThatIsALinkIsDriftAndItsTargetUntouched() throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        let filed = try store.file(submission("kept", sourceID: "a", verdict: .review))
        try link(filed.path + "/request.json", to: outside + "/request.json")
        try link(filed.path + "/message.eml", to: outside + "/keep.txt")
        let drifts = try store.check()
        #expect(drifts.filter { $0.kind == .link }.count == 2, "\(drifts)")
        #expect(store.rawMessage(of: filed) == nil, "message.eml is never read through a link")
        // A new decision replaces the link to request.json with the record itself; the target stays.
        _ = try store.refile(filed, with: submission("kept", sourceID: "a", verdict: .review))
        #expect(SyncedFiles.entryType(filed.path + "/request.json") == S_IFREG)
        try Self.expectIntact(outside)
    }

    @Test func removalNeverWalksThroughALink() throws {
        let (_, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        try link(dir + "/Accepted/LX-2026-0009", to: outside)
        #expect(throws: FilingError.self) { try SyncedFiles.remove(dir + "/Accepted/LX-2026-0009/keep.txt", under: dir) }
        #expect(throws: FilingError.self) { try SyncedFiles.remove(dir + "/Accepted/LX-2026-0009/sub", under: dir) }
        #expect(throws: FilingError.self) { try SyncedFiles.remove(dir + "/../" + outside, under: dir) }
        try Self.expectIntact(outside)
        try SyncedFiles.remove(dir + "/Accepted/LX-2026-0009", under: dir)
        #expect(SyncedFiles.entryType(dir + "/Accepted/LX-2026-0009") == nil)
        try Self.expectIntact(outside)
    }

    @Test func theLockAndTheInProgressNotesAreNeverOpenedThroughALink() throws {
        let (store, dir) = try temporaryStore()
        let outside = try Self.outside()
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: outside) }
        try link(dir + "/lock", to: outside + "/keep.txt")
        #expect(throws: FilingError.self) { _ = try store.lock() }
        do { _ = try store.lock() } catch { #expect(error.description.contains("symbolic link"), "\(error)") }
        try link(dir + "/.in-progress-filing", to: outside + "/sub/keep.txt")
        let reopened = try CaseStore(directory: dir)
        reopened.markInProgress(.filing, source: "test", sourceID: "x")
        try Self.expectIntact(outside)
    }
}
