import Foundation
import Testing
@testable import Filing

/// The process's resident memory, in bytes.
func residentBytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
}

/// Found by fuzz/DecisionFuzz: an empty message is filed like any other, and reading it back with
/// Foundation's `FileManager.contents(atPath:)` leaked 4 KB a read (100 MB for these 25,000).
@Test func anEmptyMessageIsReadBackWithoutLeaking() throws {
    let (store, dir) = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let record = try store.file(submission("", sourceID: "empty", verdict: .review))
    #expect(store.rawMessage(of: record) == [])
    #expect(try store.check().isEmpty)
    let before = residentBytes()
    for _ in 0..<25_000 { _ = store.rawMessage(of: record) }
    let grown = residentBytes() - before
    #expect(grown < 40 << 20, "resident memory grew by \(grown >> 20) MB")
}

@Test func fileBytesReadsWholeFilesAndNothingElse() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bytes-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    #expect(FileManager.default.createFile(atPath: dir + "/big", contents: Data(big)))
    #expect(FileManager.default.createFile(atPath: dir + "/empty", contents: Data()))
    #expect(FileBytes.read(dir + "/big") == big)
    #expect(FileBytes.read(dir + "/empty") == [])
    #expect(FileBytes.read(dir + "/missing") == nil)
    #expect(FileBytes.read(dir) == nil)
    // A link planted in the store is never read through, whatever it points at.
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/big")
    #expect(FileBytes.read(dir + "/link") == nil)
}

@Test func fileBytesFollowsLinksOnlyWhenAskedAndReadsPastTheStatedSize() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bytes-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    #expect(FileManager.default.createFile(atPath: dir + "/big", contents: Data(big)))
    try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/big")
    // A path a person named (intake parse): the link is read as the file it points at.
    #expect(FileBytes.read(dir + "/link", followingLinks: true) == big)
    #expect(FileBytes.read(dir + "/big", followingLinks: true) == big)
    #expect(FileBytes.read(dir, followingLinks: true) == nil)
    // /proc files say they are empty and are not: everything up to the end of file is read.
    let status = try #require(FileBytes.read("/proc/self/status"))
    #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
    #expect(String(decoding: status, as: UTF8.self).contains("VmRSS:"))
}
