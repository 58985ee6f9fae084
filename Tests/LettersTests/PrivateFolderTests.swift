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
}
