import Foundation
import Testing
@testable import MailSources

func temporaryFolder(_ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func makeMaildir(_ messages: [(name: String, bytes: String)], subfolders: [String] = ["cur", "new", "tmp"]) throws -> String {
    let dir = try temporaryFolder("maildir")
    for sub in subfolders { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
    for m in messages { try Data(m.bytes.utf8).write(to: URL(fileURLWithPath: dir + "/" + m.name)) }
    return dir
}

/// Everything a pass hands over, in order.
func handedOver(_ source: MaildirSource) throws(SourceError) -> [SourceMessage] {
    var out: [SourceMessage] = []
    try source.poll({ out.append($0); return .alreadyOnFile(folder: nil) }, commit: { true })
    return out
}

@Test func maildirMessagesComeInOrderOfArrivalWithStableIDs() throws {
    let dir = try makeMaildir([
        ("cur/1700000300.M3P1.host:2,S", "From: c@x.org\r\n\r\nc"),
        ("new/1700000100.M1P1.host", "From: a@x.org\r\n\r\na"),
        ("cur/1700000200.M2P1.host:2,RS", "From: b@x.org\r\n\r\nb"),
        ("cur/.hidden", "ignored"),
    ])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let source = try MaildirSource(directory: dir)
    let messages = try handedOver(source)
    #expect(messages.map(\.sourceID) == ["1700000100.M1P1.host", "1700000200.M2P1.host", "1700000300.M3P1.host"])
    // The delivery time in the name is when it was received, in seconds; the bytes are the file's.
    #expect(messages.map(\.receivedAt) == [1_700_000_100, 1_700_000_200, 1_700_000_300])
    #expect(try messages[0].raw.get() == Array("From: a@x.org\r\n\r\na".utf8))
    #expect(source.pendingCount() == 3)
}

/// A Maildir with only one of cur/ and new/ is a Maildir; a missing one holds nothing.
@Test func aMaildirWithOnlyNewIsRead() throws {
    let dir = try makeMaildir([("new/1700000100.M1P1.host", "From: a@x.org\r\n\r\na")], subfolders: ["new"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    #expect(try handedOver(try MaildirSource(directory: dir)).map(\.sourceID) == ["1700000100.M1P1.host"])
}

@Test func aFolderThatIsNotAMaildirIsRefusedAsConfiguration() throws {
    let dir = try temporaryFolder("plain")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (path, expected) in [(dir, MaildirError.notAMaildir(path: dir)), (dir + "/nope", .notAFolder(path: dir + "/nope"))] {
        do {
            _ = try MaildirSource(directory: path)
            Issue.record("\(path) was taken for a Maildir")
        } catch {
            #expect(error.kind == .configuration)
            #expect(error.underlying as? MaildirError == expected)
            #expect(error.description == expected.description)
        }
    }
    #expect(MaildirError.notAFolder(path: "/srv/Mail").description == "/srv/Mail is not a folder; --source takes a Maildir (a folder with cur/ and new/)")
    #expect(MaildirError.notAMaildir(path: "/srv/Mail").description == "/srv/Mail is not a Maildir: it has neither cur/ nor new/")
}

/// A new/ that cannot be listed was read as empty (`try?`): every pass said "nothing new" while
/// mail waited there. It stops the pass now, naming the folder.
@Test func aSubfolderThatCannotBeListedStopsThePassInsteadOfLookingEmpty() throws {
    let dir = try makeMaildir([("cur/1700000100.M1P1.host:2,S", "From: a@x.org\r\n\r\na")], subfolders: ["cur"])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try Data("not a folder".utf8).write(to: URL(fileURLWithPath: dir + "/new"))
    let source = try MaildirSource(directory: dir)
    do {
        let messages = try handedOver(source)
        Issue.record("the pass went on as if new/ were empty: \(messages.map(\.sourceID))")
    } catch {
        #expect(error.kind == .configuration)
        #expect(error.underlying as? MaildirError == .cannotList(path: dir + "/new", errno: ENOTDIR))
        #expect(error.description.hasPrefix("cannot list \(dir)/new: Not a directory"), "\(error)")
    }
    #expect(source.pendingCount() == nil, "no count is better than a wrong one")
}

/// An entry that cannot be read is handed over as a message error, and the pass goes on.
@Test func aLinkOrAFolderAmongTheMessagesIsHandedOverAsUnreadable() throws {
    let dir = try makeMaildir([("new/1700000300.M3P1.host", "From: c@x.org\r\n\r\nc")])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try FileManager.default.createSymbolicLink(atPath: dir + "/new/1700000100.M1P1.host", withDestinationPath: dir + "/new/1700000300.M3P1.host")
    try FileManager.default.createDirectory(atPath: dir + "/new/1700000200.M2P1.host", withIntermediateDirectories: false)
    let messages = try handedOver(try MaildirSource(directory: dir))
    #expect(messages.map(\.sourceID) == ["1700000100.M1P1.host", "1700000200.M2P1.host", "1700000300.M3P1.host"])
    let link = dir + "/new/1700000100.M1P1.host", folder = dir + "/new/1700000200.M2P1.host"
    for (message, expected) in zip(messages, [MaildirError.symbolicLink(path: link), .notARegularFile(path: folder)]) {
        guard case .failure(let error) = message.raw else { Issue.record("\(message.sourceID) was read"); continue }
        #expect(error.kind == .message)
        #expect(error.underlying as? MaildirError == expected)
    }
    #expect(MaildirError.symbolicLink(path: link).description == "cannot read \(link): is a symbolic link; only regular files are read")
    #expect(try messages[2].raw.get() == Array("From: c@x.org\r\n\r\nc".utf8))
}

/// The visitor's `.stop` ends the pass: nothing more is handed over.
@Test func aStopAnswerEndsTheMaildirPass() throws {
    let dir = try makeMaildir((1...3).map { ("new/170000010\($0).M\($0)P1.host", "From: a@x.org\r\n\r\n\($0)") })
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var seen: [String] = []
    try MaildirSource(directory: dir).poll({ seen.append($0.sourceID); return .stop }, commit: { true })
    #expect(seen == ["1700000101.M1P1.host"])
}
