import Foundation
import Testing
@testable import Letters

/// A killed run cannot remove its private folder, which holds a copy of someone's letter: the next run's
/// first folder in the same place removes those of runs that are gone, and nothing else.
@Suite struct PrivateFolderTests {
    /// The pid of a process that has ended (and been reaped).
    static func endedProcess() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func aDeadRunsFolderIsRemovedAndNothingElse() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("private-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let dead = "\(base)/intake-letter-\(try Self.endedProcess())-a1b2c3"
        let old = "\(base)/intake-letter-Ab12Cd"       // named as earlier versions did, two hours untouched
        let kept = ["intake-letter-\(getpid())-d4e5f6",   // this process's own
                    "intake-letter-1-g7h8i9",             // a process that lives (init)
                    "intake-letter-Xy12Zq",               // named without a process, and recent
                    "notes"]
        for folder in [dead, old] + kept.map({ "\(base)/\($0)" }) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("a copy of a letter".utf8).write(to: URL(fileURLWithPath: folder + "/letter.pdf"))
        }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: old)
        let folder = try PrivateFolder(under: base)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(!FileManager.default.fileExists(atPath: old))
        for name in kept { #expect(FileManager.default.fileExists(atPath: "\(base)/\(name)/letter.pdf"), "\(name)") }
        #expect(folder.path.hasPrefix("\(base)/intake-letter-\(getpid())-"))
        let path = folder.path
        _ = consume folder
        #expect(!FileManager.default.fileExists(atPath: path), "a folder is removed when done with")
    }

    /// readdir's last entry may end just before unmapped memory: its name is read up to its NUL, never the
    /// 256 bytes `d_name` declares (a sweep of a large temporary folder crashed so). An entry is laid at the
    /// very end of a page whose next page is unreadable; reading past its NUL would fault.
    @Test func anEntryAtTheEndOfReadableMemoryIsReadUpToItsName() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let memory = try #require(mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
        #expect(memory != MAP_FAILED)
        defer { munmap(memory, 2 * page) }
        #expect(mprotect(memory + page, page, PROT_NONE) == 0)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
        let name = Array("letter-7".utf8CString)
        // The record: its header, then the name and its NUL ending at the last readable byte.
        let start = page - nameOffset - name.count
        name.withUnsafeBytes { memory.advanced(by: start + nameOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let entry = (memory + start).assumingMemoryBound(to: dirent.self)
        #expect(PrivateFolder.name(of: entry) == "letter-7")
    }
}

