import Foundation
import GRDB
import Testing
@testable import Filing

/// Migration "v8 follow-ups": every case on file before it has its message as its original.
@Test func theFollowUpMigrationGivesEveryCaseOnFileItsOriginalMessage() throws {
    let (store, dir) = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let first = try store.file(submission("one", sourceID: "m1"))
    let second = try store.file(submission("two", sourceID: "m2", verdict: .reject))
    // As a store of the release before: no case_message table, v8 not yet applied.
    try store.db.write { db in
        try db.execute(sql: "DROP TABLE case_message")
        try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8 follow-ups'")
    }
    let reopened = try CaseStore(directory: dir)
    for (record, raw) in [(first, "one"), (second, "two")] {
        let messages = try reopened.messages(of: record.id)
        #expect(messages.map(\.role) == [.original])
        #expect(messages.first?.file == "message.eml")
        #expect(messages.first?.sha256 == CaseStore.sha256(Array(raw.utf8)))
        #expect(messages.first?.messageID == record.messageID)
        #expect(try reopened.findCase(record.messageID!)?.id == record.id)
    }
    #expect(try reopened.check().isEmpty)
}

@Test func aFollowUpFileNameIsOnlyTheShapeJoinsWrite() {
    let name = CaseMessage.followUpFile(sha256: String(repeating: "ab", count: 32))
    #expect(name == "follow-up-abababababababab.eml")
    #expect(CaseMessage.isFollowUpFile(name))
    for bad in ["../message.eml", "follow-up-../../../x.eml", "follow-up-abababababababab.eml/..", "request.json", "follow-up-ABABABABABABABAX.eml"] {
        #expect(!CaseMessage.isFollowUpFile(bad), "\(bad)")
    }
}
