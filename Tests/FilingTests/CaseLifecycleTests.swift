import Extraction
import Foundation
import GRDB
import Testing
@testable import Filing
import RuleEngine

/// A record as the pipeline writes it: the verdict, the request and findings as the database keeps them.
private func decided(_ s: CaseSubmission) -> CaseSubmission {
    var s = s
    s.fieldsJSON = #"{"organization":"XYZ University"}"#
    s.findingsJSON = s.verdict == .accept ? "[]" : #"[{"rule":"incomplete-request"}]"#
    s.record = Array(#"{"verdict":"\#(s.verdict.name)","request":\#(s.fieldsJSON!),"findings":\#(s.findingsJSON!)}"#.utf8)
    return s
}

private func record(_ path: String) throws -> [String: Any] {
    let data = try #require(FileManager.default.contents(atPath: path + "/request.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
}

@Test func aPersonsDecisionMovesTheCaseAndIsOnRecordInBothPlaces() throws {
    let (store, dir) = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filed = try store.file(decided(submission("msg", sourceID: "a", verdict: .reject)))
    #expect(filed.state == .decidedByRules && filed.personDecision == nil)

    let accepted = try store.decide(filed, .accept, by: "Ana Souza", note: "confirmed by phone")
    #expect(accepted.verdict == .accept && accepted.folder == .accepted && accepted.state == .decidedByPerson)
    #expect(accepted.personDecision?.decision == "accepted" && accepted.personDecision?.by == "Ana Souza")
    #expect(accepted.personDecision?.note == "confirmed by phone" && accepted.personDecision?.at != nil)
    #expect(accepted.findings == filed.findings, "the rules' findings stay")
    #expect(!FileManager.default.fileExists(atPath: filed.path) && FileManager.default.fileExists(atPath: accepted.path + "/message.eml"))
    let json = try record(accepted.path)
    #expect(json["verdict"] as? String == "accept")
    #expect((json["decision"] as? [String: Any])?["by"] as? String == "Ana Souza")
    #expect(try store.check().isEmpty)

    let open = try store.decide(accepted, .needsInfo, by: "Ana Souza", note: "which campus?")
    #expect(open.verdict == .review && open.folder == .review && open.state == .decidedByPerson)
    let closed = try store.decide(open, .close, by: "Bo", note: "answered, done")
    #expect(closed.state == .closed && closed.folder == .review && closed.personDecision?.decision == "needs-info")
    #expect((try record(closed.path)["decision"] as? [String: Any])?["state"] as? String == "closed")
    #expect(try store.check().isEmpty)

    #expect(throws: FilingError.self) { try store.decide(closed, .accept, by: "Ana", note: "again") }
    #expect(throws: FilingError.self) { try store.refile(closed, with: decided(submission("msg", sourceID: "a"))) }
    let events = try store.events(of: filed.id)
    #expect(events.map(\.kind) == ["seen", "parsed", "decided", "filed", "decided-by-person", "decided-by-person", "closed"])
    #expect(events.suffix(3).map(\.by) == ["Ana Souza", "Ana Souza", "Bo"])
    #expect(events.last?.detail.contains("answered, done") == true)
    #expect(events.prefix(4).allSatisfy { $0.by == nil }, "intake's own steps name no person")
}

@Test func checkReportsARecordWhoseDecisionIsNotTheDatabases() throws {
    let (store, dir) = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filed = try store.file(decided(submission("msg", sourceID: "a", verdict: .review)))
    let decided = try store.decide(filed, .needsInfo, by: "Ana", note: "ask for the letter")
    // The decision taken out of request.json by hand: the verdict still agrees, the decision does not.
    let path = decided.path + "/request.json"
    let data = try #require(FileManager.default.contents(atPath: path))
    let text = String(decoding: data, as: UTF8.self)
    let cut = try #require(text.range(of: #","decision":"#))
    try Data((String(text[..<cut.lowerBound]) + "}").utf8).write(to: URL(fileURLWithPath: path))
    let drifts = try store.check()
    #expect(drifts.map(\.kind) == [.decisionDiffers], "\(drifts)")
}

/// A store filed before the lifecycle existed: opening it migrates every case to "decided by the rules".
@Test func anOlderStoreMigratesWithEveryCaseDecidedByTheRules() throws {
    let (store, dir) = try temporaryStore()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filed = try store.file(decided(submission("msg", sourceID: "a", verdict: .reject)))
    // Back to the schema before the lifecycle: its columns and its migration gone.
    try store.db.write { db in
        try db.execute(sql: """
            DROP INDEX case_state;
            ALTER TABLE "case" DROP COLUMN state; ALTER TABLE "case" DROP COLUMN decision; ALTER TABLE "case" DROP COLUMN decided_by;
            ALTER TABLE "case" DROP COLUMN decision_note; ALTER TABLE "case" DROP COLUMN decided_at;
            ALTER TABLE event DROP COLUMN actor;
            DELETE FROM grdb_migrations WHERE identifier = 'v4 case lifecycle';
            """)
    }
    let reopened = try CaseStore(directory: dir)
    let migrated = try #require(try reopened.caseRecord(id: filed.id))
    #expect(migrated.state == .decidedByRules && migrated.personDecision == nil && migrated.verdict == .reject)
    #expect(try reopened.check().isEmpty)
    _ = try reopened.decide(migrated, .accept, by: "Ana", note: "ok")
    #expect(try reopened.events(of: filed.id).last?.by == "Ana")
}
