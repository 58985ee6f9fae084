import Filing
import Foundation
import Glibc
import Testing

/// A case from IMAP whose folder changes has its server copy follow it: `cases decide` and `reprocess` move
/// it at once, and with the server down the decision is kept, the move waits and the next poll does it.
/// Against a private Dovecot, so it can be stopped.
struct ServerCopyCLITests {
    static let folders = ["Accepted", "Rejected", "Review"]

    func counts(_ dv: Dovecot, _ folder: String) throws -> [String: Int] {
        var out: [String: Int] = [:]
        for name in Self.folders { out[name] = (try? dv.count(folder + "/" + name)) ?? 0 }
        return out
    }

    @Test(.timeLimit(.minutes(10)))
    func aDecisionMovesTheServerCopyAndWithTheServerDownTheNextPollDoes() throws {
        let dv = try Dovecot.current().privateInstance()
        defer { dv.stopInstance() }
        let id = UUID().uuidString.prefix(8)
        let mailbox = "cli-decide-\(id)", folder = "DecideFiled-\(id)"
        let store = try temporaryFolder("imap-decide-store")
        defer { try? FileManager.default.removeItem(atPath: store) }
        try dv.createMailbox(mailbox)
        for m in try uniqueCopies(3, tag: "decide-\(id)") { try dv.deliver(m, to: mailbox) }
        let imap = dv.arguments(mailbox, folder: folder, store: store)
        let poll = try Intake.run(["poll"] + imap)
        #expect(poll.status == 0, "\(poll.stderr)")
        let cases = try CaseStore(directory: store).allCases()
        #expect(cases.count == 3)

        // Decided: the copy moves from the case's old folder to its new one, and the log says so.
        let first = try #require(cases.first { $0.verdict != .reject })
        var before = try counts(dv, folder)
        let decided = try Intake.run(["cases", "decide", first.id, "--reject", "--note", "not a customer", "--by", "Ana"] + imap)
        #expect(decided.status == 0, "\(decided.stderr)")
        #expect(decided.stdout.contains("IMAP copy moved from \(folder)/\(first.folder.name) to \(folder)/Rejected"), "\(decided.stdout)")
        var after = try counts(dv, folder)
        #expect(after[first.folder.name] == before[first.folder.name]! - 1 && after["Rejected"] == before["Rejected"]! + 1, "\(before) → \(after)")
        #expect(after.values.reduce(0, +) == 3, "never two copies, never none: \(after)")
        #expect(try CaseStore(directory: store).events(of: first.id).last?.kind == "imap-moved")
        #expect(try CaseStore(directory: store).pendingServerMoves().isEmpty)
        // Moved at once: nothing waits, in the store or in the case folder's record.
        let firstShown = try Intake.run(["cases", "show", first.id, "--json", "--store", store])
        #expect(firstShown.stdout.contains("\"serverMove\":null"), "\(firstShown.stdout.prefix(600))")
        #expect(try !recordJSON(store, first.id).contains("serverMove"))

        // The server down: the decision is recorded all the same, the move waits and the log says why.
        let second = try #require(cases.first { $0.id != first.id })
        let (flag, target): (String, CaseFolder) = second.folder == .accepted ? ("--needs-info", .review) : ("--accept", .accepted)
        before = after
        try dv.run(["stop"])
        let offline = try Intake.run(["cases", "decide", second.id, flag, "--note", "confirmed by phone", "--by", "Ana", "--timeout", "5"] + imap)
        #expect(offline.status == 0, "the decision stands: \(offline.stderr)")
        #expect(offline.stdout.contains("IMAP copy not moved: "), "\(offline.stdout)")
        let decidedOffline = try #require(try CaseStore(directory: store).caseRecord(id: second.id))
        #expect(decidedOffline.state == .decidedByPerson && decidedOffline.folder == target)
        let pending = try CaseStore(directory: store).pendingServerMoves()
        #expect(pending.map(\.caseID) == [second.id] && pending.first?.to == target && pending.first?.from == second.folder)
        let log = try CaseStore(directory: store).events(of: second.id)
        #expect(log.contains { $0.kind == "imap-move-pending" && $0.detail.hasPrefix("IMAP copy not moved: ") }, "\(log.map(\.detail))")
        try expectWaitingMoveShown(store, second.id, from: second.folder, to: target)
        // The database lost: the rebuilt store waits for the move, as the case folder records it.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + "/intake.sqlite" + suffix) }
        let rebuilt = try Intake.run(["store", "rebuild", "--store", store])
        #expect(rebuilt.status == 0, "\(rebuilt.stdout)\(rebuilt.stderr)")
        #expect(rebuilt.stdout.contains("its IMAP copy waits to move from \(second.folder.name)/ to \(target.name)/"), "\(rebuilt.stdout)")
        let restored = try CaseStore(directory: store).pendingServerMoves()
        #expect(restored.map(\.caseID) == [second.id] && restored.first?.from == second.folder && restored.first?.to == target
                && restored.first?.since == pending.first?.since, "\(restored)")
        #expect(restored.first?.source == pending.first?.source, "the move is the source's, as before")
        try dv.run(["start"])
        #expect(try counts(dv, folder) == before, "nothing moved while the server was down")

        // The next poll on that mailbox completes it, on its own session, once.
        let later = try Intake.run(["poll"] + imap)
        #expect(later.status == 0, "\(later.stderr)")
        after = try counts(dv, folder)
        #expect(after[second.folder.name] == before[second.folder.name]! - 1 && after[target.name] == before[target.name]! + 1, "\(before) → \(after)")
        #expect(after.values.reduce(0, +) == 3, "never two copies, never none: \(after)")
        #expect(try CaseStore(directory: store).pendingServerMoves().isEmpty)
        #expect(try CaseStore(directory: store).events(of: second.id).last?.kind == "imap-moved")
        #expect(try !recordJSON(store, second.id).contains("serverMove"), "a settled move is no longer recorded")
        let shown = try Intake.run(["cases", "show", second.id, "--store", store])
        #expect(!shown.stdout.contains("IMAP copy   waiting"), "\(shown.stdout)")
        let again = try Intake.run(["poll"] + imap)
        let unchanged = try counts(dv, folder)
        #expect(again.status == 0 && unchanged == after, "a move done is not done again: \(unchanged)")
    }

    func recordJSON(_ store: String, _ id: String) throws -> String {
        let record = try #require(try CaseStore(directory: store).caseRecord(id: id))
        return try String(contentsOfFile: record.path + "/request.json", encoding: .utf8)
    }

    /// `cases show` (text and JSON) says the copy waits, where and why; request.json records it.
    func expectWaitingMoveShown(_ store: String, _ id: String, from: CaseFolder, to: CaseFolder,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try Intake.run(["cases", "show", id, "--store", store])
        #expect(text.stdout.contains("IMAP copy   waiting in \(from.name)/ to move to \(to.name)/ since ")
                && text.stdout.contains("; last try: "), "\(text.stdout)", sourceLocation: sourceLocation)
        let json = try Intake.run(["cases", "show", id, "--json", "--store", store])
        #expect(json.status == 0, sourceLocation: sourceLocation)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let move = object?["serverMove"] as? [String: Any]
        #expect(move?["from"] as? String == from.name && move?["to"] as? String == to.name, "\(json.stdout.prefix(800))", sourceLocation: sourceLocation)
        #expect((move?["lastReason"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
        try expectValid(json.stdout, as: "caseShow", what: "cases show --json with a waiting move", sourceLocation: sourceLocation)
        let record = try recordJSON(store, id)
        #expect(record.contains("\"serverMove\":{\"from\":\"\(from.name)\",\"to\":\"\(to.name)\",\"since\":"), "\(record)", sourceLocation: sourceLocation)
        try expectValid(record, as: "filedRecord", what: "request.json with a waiting move", sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(10)))
    func reprocessWithChangedRulesMovesTheServerCopy() throws {
        let dv = try Dovecot.current()
        let id = UUID().uuidString.prefix(8)
        let mailbox = "cli-reprocess-\(id)", folder = "ReprocessFiled-\(id)"
        let root = try temporaryFolder("imap-reprocess")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = root + "/store"
        try dv.createMailbox(mailbox)
        defer { dv.remove(mailbox, filedUnder: folder) }
        for m in try uniqueCopies(2, tag: "reprocess-\(id)") { try dv.deliver(m, to: mailbox) }
        let imap = dv.arguments(mailbox, folder: folder, store: store)
        #expect(try Intake.run(["poll"] + imap).status == 0)
        let target = try #require(try CaseStore(directory: store).allCases().first { $0.verdict != .reject })

        // The same rules and one more that rejects these test copies.
        let rules = root + "/Rules"
        try copyTree(Intake.repository + "/Rules", rules)
        let extra = """

              - id: test-copy
                severity: reject
                description: A copy made by this test.
                when:
                  header-matches: {header: Message-ID, pattern: "reprocess-\(id)"}
                message: This is a test copy.

            """
        let handle = try #require(FileHandle(forWritingAtPath: rules + "/rules.yaml"))
        handle.seekToEndOfFile()
        handle.write(Data(extra.utf8))
        try handle.close()
        let before = try counts(dv, folder)
        let out = try Intake.run(["reprocess", target.id, "--rules", rules] + imap)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("IMAP copy moved from \(folder)/\(target.folder.name) to \(folder)/Rejected"), "\(out.stdout)")
        let after = try counts(dv, folder)
        #expect(after[target.folder.name] == before[target.folder.name]! - 1 && after["Rejected"] == before["Rejected"]! + 1, "\(before) → \(after)")
        #expect(after.values.reduce(0, +) == 2)
        #expect(try CaseStore(directory: store).pendingServerMoves().isEmpty)
    }
}
