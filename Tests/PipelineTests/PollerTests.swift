import Extraction
import Filing
import Foundation
import MailSources
import Testing
@testable import Pipeline

/// What a source's failure is made of in these tests: its own words, kept whole.
struct ServerWentAway: Error, Sendable, Equatable, CustomStringConvertible {
    var description: String { "the connection to the test server was lost — run again to resume" }
}

func request(_ n: Int) -> SourceMessage {
    let bytes = goodRequest.replacingOccurrences(of: "<req-1@xyz.edu>", with: "<req-\(n)@xyz.edu>")
        .replacingOccurrences(of: "20,000 accounts", with: "2\(n),000 accounts")
    return SourceMessage(sourceID: "m\(n)", raw: .success(Array(bytes.utf8)), receivedAt: 1_700_000_000 + n)
}

struct PollerFixture {
    let storeDir: String
    let store: CaseStore
    let poller: Poller

    init(rules: String = repository + "/Rules") throws {
        storeDir = try temporaryFolder("poller-store")
        store = try CaseStore(directory: storeDir)
        poller = Poller(decider: try Decider(rulesDirectory: rules), store: store)
    }

    func cleanUp() { try? FileManager.default.removeItem(atPath: storeDir) }
}

/// A message that is not mail, and one the source could not read, are both filed for a person to
/// read (raw bytes kept); the source hears where each went, and the message after them is decided.
@Test(arguments: [true, false])
func unparseableAndUnreadableMessagesAreQuarantinedAndTheSourceToldWhere(readsAhead: Bool) throws {
    let f = try PollerFixture()
    defer { f.cleanUp() }
    let garbage = (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
    let source = ScriptedSource([
        .message(SourceMessage(sourceID: "garbage", raw: .success(garbage))),
        .message(SourceMessage(sourceID: "unreadable", raw: .failure(.message(ServerWentAway())))),
        .message(request(1)),
    ])
    source.readsAhead = readsAhead
    let summary = try f.poller.run(source)
    #expect(summary.failures.isEmpty)
    #expect(source.told.map(\.sourceID) == ["garbage", "unreadable", "m1"])
    #expect(source.told.map { if case .filed(_, let folder) = $0.outcome { folder } else { "not filed" } } == ["Review", "Review", "Accepted"])
    #expect(source.commits == [true])
    let cases = try f.store.allCases()
    #expect(cases.map(\.sourceID) == ["garbage", "unreadable", "m1"])
    #expect(cases[0].findings.map(\.rule) == ["unparseable-message"])
    #expect(FileManager.default.contents(atPath: cases[0].path + "/message.eml") == Data(garbage))
    #expect(cases[1].findings.map(\.rule) == ["unparseable-message"])
    // The requester reads the rule's words; the team reads why in the case's log, in the source's own words.
    #expect(cases[1].findings.first?.message == "We could not read your message. Our team will look at it.")
    #expect(try f.store.events(of: cases[1].id).contains { $0.detail.contains(ServerWentAway().description) }, "the source's own words say why")
    #expect(cases[2].verdict == .accept)
    // The time the source gave is written as the store writes times.
    let json = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: cases[2].path + "/request.json"))) as? [String: Any]
    #expect((json?["filed"] as? [String: Any])?["receivedAt"] as? String == Timestamp.string(epochSeconds: 1_700_000_001))
    #expect(Timestamp.string(epochSeconds: 1_700_000_001) == "2023-11-14T22:13:21Z")
    #expect(source.filedFolders == cases.map { $0.folder.name + "/" + $0.id })
}

/// A message a run died on three times is filed for review without being read again (read ahead or
/// not); one that got through after two is decided as any other, and no longer counted against.
@Test(arguments: [true, false])
func aMessageThatStoppedIntakeThreeTimesIsQuarantinedUnread(readsAhead: Bool) throws {
    let f = try PollerFixture()
    defer { f.cleanUp() }
    let source = ScriptedSource([.message(request(1)), .message(request(2))])
    source.readsAhead = readsAhead
    for _ in 0..<3 { _ = try f.store.beginAttempt(source: source.name, sourceID: "m1") }
    for _ in 0..<2 { _ = try f.store.beginAttempt(source: source.name, sourceID: "m2") }
    let summary = try f.poller.run(source)
    #expect(summary.filed.map(\.sourceID) == ["m1", "m2"])
    let quarantined = summary.filed[0], decided = summary.filed[1]
    #expect(quarantined.verdict == .review)
    #expect(quarantined.findings.map(\.rule) == ["unparseable-message"])
    #expect(quarantined.findings.first?.message == "We could not read your message. Our team will look at it.")
    #expect(try f.store.events(of: quarantined.id).contains { $0.detail.contains("stopped 3 times") })
    #expect(quarantined.fields == RequestFields(), "its bytes were not read")
    #expect(FileManager.default.contents(atPath: quarantined.path + "/message.eml") == Data(try request(1).raw.get()))
    #expect(decided.verdict == .accept)
    #expect(try f.store.attemptCount(source: source.name, sourceID: "m2") == 0)
    #expect(source.told.map(\.outcome) == [.filed(caseID: quarantined.id, folder: "Review"), .filed(caseID: decided.id, folder: "Accepted")])
}

/// The finding a quarantined message gets is the rule set's `unparseable-message`, as an admin wrote it:
/// its severity decides the folder and its words are what the requester reads.
@Test func aQuarantinedMessageGetsTheRuleAsTheRuleSetWritesIt() throws {
    let rules = try temporaryFolder("rules")
    defer { try? FileManager.default.removeItem(atPath: rules) }
    for name in try FileManager.default.contentsOfDirectory(atPath: repository + "/Rules") where name != "tests" && name != "heldout" {
        try FileManager.default.copyItem(atPath: repository + "/Rules/" + name, toPath: rules + "/" + name)
    }
    let yaml = try String(contentsOfFile: rules + "/rules.yaml", encoding: .utf8)
    let edited = yaml
        .replacingOccurrences(of: "  - id: unparseable-message\n    severity: review", with: "  - id: unparseable-message\n    severity: reject")
        .replacingOccurrences(of: "We could not read your message. Our team will look at it.", with: "Your message was unreadable; please send it again.")
    #expect(edited.contains("unparseable-message\n    severity: reject") && edited.contains("please send it again"))
    try edited.write(toFile: rules + "/rules.yaml", atomically: true, encoding: .utf8)
    let f = try PollerFixture(rules: rules)
    defer { f.cleanUp() }
    let source = ScriptedSource([.message(request(1))])
    for _ in 0..<3 { _ = try f.store.beginAttempt(source: source.name, sourceID: "m1") }
    let summary = try f.poller.run(source)
    let quarantined = try #require(summary.filed.first)
    #expect(try f.store.events(of: quarantined.id).contains { $0.detail.contains("stopped 3 times") }, "it was quarantined, not read")
    #expect(quarantined.findings.map(\.rule) == ["unparseable-message"])
    #expect(quarantined.findings.first?.severity == .reject)
    #expect(quarantined.findings.first?.message == "Your message was unreadable; please send it again.")
    #expect(quarantined.verdict == .reject)
    #expect(source.told.map(\.outcome) == [.filed(caseID: quarantined.id, folder: "Rejected")])
}

/// A source that fails mid-pass ends it with its own error, kind and cause kept; what was decided
/// before is committed (the next pass finds it on file), nothing after it was asked for, and the
/// place is not moved past what was committed.
@Test func aSourceThatFailsMidPassKeepsWhatWasFiledAndSaysWhy() throws {
    let f = try PollerFixture()
    defer { f.cleanUp() }
    let first = ScriptedSource([.message(request(1)), .commit, .message(request(2)), .fail(.connection(ServerWentAway())), .message(request(3))])
    var heard: [String] = []
    do {
        _ = try f.poller.run(first, each: { if case .filed(let r) = $0 { heard.append(r.sourceID) } })
        Issue.record("the source's failure must end the pass")
    } catch {
        guard case .source(let cause) = error else { Issue.record("not the source's error: \(error)"); return }
        #expect(cause.kind == .connection)
        #expect(cause.underlying as? ServerWentAway == ServerWentAway())
        #expect(error.description == ServerWentAway().description, "the user reads the source's own words")
    }
    #expect(first.told.map(\.sourceID) == ["m1", "m2"])
    #expect(heard == ["m1", "m2"], "each message decided before the failure is heard of, once committed")
    #expect(try f.store.allCases().map(\.sourceID) == ["m1", "m2"])
    #expect(first.kept.map(\.place) == ["after 1"])
    #expect(try f.store.sourceState(first.name) == "after 1")

    // The next pass starts from the kept place; what is on file is found there.
    let second = ScriptedSource([.message(request(1)), .message(request(2)), .message(request(3))])
    let summary = try f.poller.run(second)
    #expect(second.startedFrom == .some("after 1"))
    #expect(summary.alreadyOnFile == 2)
    #expect(summary.filed.map(\.sourceID) == ["m3"])
    #expect(second.told.map(\.outcome).prefix(2).allSatisfy { if case .alreadyOnFile(let folder) = $0 { folder != nil } else { false } })
    #expect(try f.store.sourceState(second.name) == "after 3")
}

/// A commit that fails after the messages were decided and staged: nothing is on file, the source is
/// told so (and keeps no place), the messages are failures of this run — not counted against them —
/// and the next pass files them as if nothing had happened.
@Test func aCommitThatFailsAfterFilingCountsNothingAgainstTheMessages() throws {
    let f = try PollerFixture()
    defer { f.cleanUp() }
    let source = ScriptedSource([.message(request(1)), .message(request(2)), .commit, .message(request(3))])
    var planted: String?
    source.beforeCommit = { source in
        // A folder the database does not know, where the first case is about to be placed: the commit refuses it.
        guard planted == nil, let folder = source.filedFolders.first else { return }
        planted = f.storeDir + "/" + folder
        try? FileManager.default.createDirectory(atPath: planted!, withIntermediateDirectories: true)
    }
    var heard: [String] = []
    let summary = try f.poller.run(source, each: { if case .failed(let id, _) = $0 { heard.append(id) } })
    #expect(source.commits.first == false)
    #expect(source.told.map(\.sourceID) == ["m1", "m2"], "the source ended the pass when its commit failed")
    #expect(source.kept.isEmpty, "no place is kept past what is not on file")
    #expect(try f.store.sourceState(source.name) == nil)
    #expect(summary.filed.isEmpty)
    #expect(summary.failures.map(\.sourceID) == ["m1", "m2"])
    #expect(summary.failures.allSatisfy { $0.reason.hasPrefix("filing failed: ") }, "\(summary.failures)")
    #expect(heard == ["m1", "m2"])
    #expect(try f.store.allCases().isEmpty)
    for id in ["m1", "m2"] { #expect(try f.store.attemptCount(source: source.name, sourceID: id) == 0, "\(id) is not to blame") }

    try FileManager.default.removeItem(atPath: try #require(planted))
    let again = ScriptedSource([.message(request(1)), .message(request(2)), .commit, .message(request(3))])
    let second = try f.poller.run(again)
    #expect(second.filed.map(\.sourceID) == ["m1", "m2", "m3"])
    #expect(second.filed.allSatisfy { $0.verdict == .accept || $0.verdict == .review })
    #expect(second.filed.allSatisfy { !$0.findings.contains { $0.rule == "unparseable-message" } })
    #expect(again.commits == [true, true])
    #expect(try f.store.sourceState(again.name) == "after 3")
}

/// A stop request finishes the message in hand and tells the source to hand over no more.
@Test func aStopRequestTellsTheSourceToStop() throws {
    let f = try PollerFixture()
    defer { f.cleanUp() }
    let source = ScriptedSource([.message(request(1)), .message(request(2)), .message(request(3))])
    var asked = 0
    let summary = try f.poller.run(source, shouldStop: { asked += 1; return asked > 1 })
    #expect(summary.filed.map(\.sourceID) == ["m1"])
    #expect(source.told.map(\.sourceID) == ["m1", "m2"])
    #expect(source.told.last?.outcome == .stop)
    #expect(source.commits == [true])
}
