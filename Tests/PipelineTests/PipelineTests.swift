import Synchronization
import Extraction
import Filing
import Foundation
import MailSources
import RuleEngine
import Testing
@testable import Pipeline

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

func temporaryFolder(_ name: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func makeMaildir(_ messages: [(name: String, bytes: String)]) throws -> String {
    let dir = try temporaryFolder("maildir")
    for sub in ["cur", "new", "tmp"] { try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true) }
    for m in messages { try Data(m.bytes.utf8).write(to: URL(fileURLWithPath: dir + "/" + m.name)) }
    return dir
}

let goodRequest = """
    From: John Parker <parker@xyz.edu>\r
    To: sales@ecoprintq.com\r
    Subject: License exception request\r
    Message-ID: <req-1@xyz.edu>\r
    Date: Mon, 23 Nov 2026 10:00:00 +0000\r
    \r
    Dear Sales Team,\r
    \r
    Our domain contains 25,000 accounts and we are licensed for 18,000 users of PaperCut MF.\r
    We request an exception to cover 20,000 accounts, because our distance learning students never print.\r
    We commit to keep the active user count below the limit, to notify you if it is exceeded, and to allow verification.\r
    \r
    Best regards,\r
    John Parker\r
    IT Manager\r
    XYZ University\r
    """

@Test func aBadMessageIsFiledForReviewAndDoesNotBlockTheNext() throws {
    let garbage = String(decoding: (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
    let dir = try makeMaildir([
        ("new/1700000001.M1P1.host", garbage),
        ("new/1700000002.M2P1.host", goodRequest),
    ])
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let decider = try Decider(rulesDirectory: repository + "/Rules")
    let store = try CaseStore(directory: storeDir)
    let summary = try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir))
    #expect(summary.filed.count == 2)
    #expect(summary.failures.isEmpty)
    let bad = summary.filed[0]
    #expect(bad.verdict == .review)
    #expect(bad.findings.map(\.rule) == ["unparseable-message"])
    #expect(FileManager.default.contents(atPath: bad.path + "/message.eml") == Data(garbage.utf8))
    #expect(summary.filed[1].verdict == .accept)
    // A second pass files nothing.
    let again = try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir))
    #expect(again.filed.isEmpty)
    #expect(again.alreadyOnFile == 2)
}

@Test func aMessageThatKeepsStoppingIntakeIsQuarantined() throws {
    let dir = try makeMaildir([("new/1700000002.M2P1.host", goodRequest)])
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let source = try MaildirSource(directory: dir)
    let store = try CaseStore(directory: storeDir)
    // Three runs died while working on it.
    for _ in 0..<3 { _ = try store.beginAttempt(source: source.name, sourceID: "1700000002.M2P1.host") }
    let summary = try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store).run(source)
    let record = try #require(summary.filed.first)
    #expect(record.verdict == .review)
    #expect(record.findings.first?.rule == "unparseable-message")
    #expect(try store.events(of: record.id).contains { $0.detail.contains("stopped 3 times") }, "the log says why")
    #expect(FileManager.default.contents(atPath: record.path + "/message.eml") == Data(goodRequest.utf8))
    // Its request.json has the check shape, and the store reads back the findings it was given.
    let json = try JSONSerialization.jsonObject(with: try #require(FileManager.default.contents(atPath: record.path + "/request.json"))) as! [String: Any]
    #expect(json["verdict"] as? String == "review")
    #expect(json["request"] is NSNull)
    #expect((json["findings"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["unparseable-message"])
    #expect(try store.caseRecord(id: record.id)?.findings == record.findings)
    // And it meets the case record's schema (Schemas/case.schema.json).
    let check = try validateCaseJSON(String(decoding: try #require(FileManager.default.contents(atPath: record.path + "/request.json")), as: UTF8.self),
                                     as: "filedRecord")
    #expect(check.status == 0, "\(check.errors)")
}

/// Runs scripts/validate-case-json.py (python3's jsonschema) on one document against a $defs name.
func validateCaseJSON(_ document: String, as definition: String) throws -> (status: Int32, errors: String) {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("case-json-\(UUID().uuidString)")
    try Data(document.utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", repository + "/scripts/validate-case-json.py", definition, file.path]
    let err = Pipe()
    p.standardError = err
    p.standardOutput = FileHandle.nullDevice
    try p.run()
    let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    return (p.terminationStatus, errors)
}

@Test func checkReportHasTheDocumentedShape() throws {
    let decider = try Decider(rulesDirectory: repository + "/Rules")
    let json = try JSONSerialization.jsonObject(with: Data(Reports.check(decider.decide(Array(goodRequest.utf8))))) as! [String: Any]
    #expect(Set(json.keys) == ["messageId", "from", "subject", "request", "attachments", "verdict", "findings"])
    #expect(json["from"] as? String == "parker@xyz.edu")
    #expect(json["messageId"] as? String == "<req-1@xyz.edu>")
    let request = json["request"] as! [String: Any]
    #expect(Set(request.keys) == ["requesterName", "requesterTitle", "organization", "department", "organizationKind", "product",
                                  "domainAccounts", "licensedUsers", "requestedUsers", "reason", "commitments", "maintenance"])
    #expect(request["maintenance"] is NSNull)
    #expect(request["domainAccounts"] as? Int == 25000)
    #expect(request["licensedUsers"] as? Int == 18000)
    #expect(request["requestedUsers"] as? Int == 20000)
    #expect(request["organization"] as? String == "XYZ University")
    #expect(request["organizationKind"] as? String == "education")
    #expect(json["verdict"] as? String == "accept")
    // Keys come in the documented order.
    let text = String(decoding: Reports.check(decider.decide(Array(goodRequest.utf8))), as: UTF8.self)
    let order = ["\"messageId\"", "\"from\"", "\"subject\"", "\"request\"", "\"attachments\"", "\"verdict\"", "\"findings\""]
    let positions = order.map { text.range(of: $0)!.lowerBound }
    #expect(positions == positions.sorted())
}

/// The request and its findings are written in the documented key order on every run (a hash-ordered
/// encoder shuffled them from run to run), and read back as the same values.
@Test func requestAndFindingsKeepTheirKeyOrderAndValues() throws {
    let fields = RequestFields(requesterName: "Ana \"Q\" Souza", organization: "Prefeitura de Exemplo", organizationKind: .government,
                               domainAccounts: 25000, commitments: Commitments(activeBelowLimit: true, allowVerification: false),
                               maintenance: .implementationPack)
    let request = String(decoding: CaseJSON.request(fields), as: UTF8.self)
    #expect(request == #"{"requesterName":"Ana \"Q\" Souza","requesterTitle":null,"organization":"Prefeitura de Exemplo","department":null,"organizationKind":"government","product":null,"domainAccounts":25000,"licensedUsers":null,"requestedUsers":null,"reason":null,"commitments":{"activeBelowLimit":true,"notifyIfExceeded":null,"allowVerification":false},"maintenance":"implementation-pack"}"#)
    #expect(try JSONDecoder().decode(RequestFields.self, from: Data(request.utf8)) == fields)

    let findings = [Finding(rule: "incomplete", severity: .review, message: "Missing: a/b", missing: ["reason", "licensedUsers"]),
                    Finding(rule: "free-mail-sender", severity: .reject, message: "…", matched: "hotmail.com")]
    let text = String(decoding: CaseJSON.findings(findings), as: UTF8.self)
    #expect(text == #"[{"rule":"incomplete","severity":"review","message":"Missing: a/b","missing":["reason","licensedUsers"]},{"rule":"free-mail-sender","severity":"reject","message":"…","matched":"hotmail.com"}]"#)
    #expect(try JSONDecoder().decode([Finding].self, from: Data(text.utf8)) == findings)
}

/// A stored request is read by the schema: a member of the wrong kind is unknown, not the end of
/// the whole request; a missing one is unknown.
@Test func aStoredRequestIsReadFieldByField() throws {
    let text = #"{"organization":"XYZ University","domainAccounts":"25000","commitments":{"activeBelowLimit":true},"maintenance":"implementation-pack"}"#
    let fields = try JSONDecoder().decode(RequestFields.self, from: Data(text.utf8))
    #expect(fields == RequestFields(organization: "XYZ University", commitments: Commitments(activeBelowLimit: true), maintenance: .implementationPack))
}

@Test func anUnparseableMessageStillGetsTheCheckShape() throws {
    let decider = try Decider(rulesDirectory: repository + "/Rules")
    let decision = decider.decide(Array("%PDF-1.4\n\u{1}\u{2}binary".utf8))
    #expect(decision.unparseable)
    let json = try JSONSerialization.jsonObject(with: Data(Reports.check(decision))) as! [String: Any]
    #expect(json["verdict"] as? String == "review")
    #expect((json["findings"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["unparseable-message"])
    #expect(json["from"] is NSNull)
}

/// Cases are committed in groups; every message is still filed once, in the source's order, and a
/// duplicate inside one group is found on file.
@Test(arguments: [1, 2, 3, 32])
func groupsOfCasesAreFiledInOrder(groupSize: Int) throws {
    var messages: [(name: String, bytes: String)] = (1...7).map { i in
        ("cur/17000001\(i)0.M\(i)P1.host:2,S", goodRequest.replacingOccurrences(of: "<req-1@xyz.edu>", with: "<req-\(i)@xyz.edu>")
            .replacingOccurrences(of: "20,000 accounts", with: "2\(i),000 accounts"))
    }
    messages.append(("cur/1700000190.M9P1.host:2,S", messages[2].bytes))  // the same bytes again, in the same group
    let dir = try makeMaildir(messages)
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    var poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store)
    poller.groupSize = groupSize
    var heard: [String] = []
    let summary = try poller.run(try MaildirSource(directory: dir), each: { result in
        switch result {
        case .filed(let record): heard.append(record.sourceID)
        case .alreadyOnFile(let id, _): heard.append("known " + id)
        case .joined(let record, _, _): heard.append("joined " + record.id)
        case .failed(let id, _): heard.append("failed " + id)
        case .stopped(let id, _): heard.append("stopped " + id)
        }
    })
    #expect(summary.filed.count == 7)
    #expect(summary.alreadyOnFile == 1)
    #expect(heard == (1...7).map { "17000001\($0)0.M\($0)P1.host" } + ["known 1700000190.M9P1.host"])
    #expect(try store.allCases().map(\.sourceID) == (1...7).map { "17000001\($0)0.M\($0)P1.host" })
    // Later cases from the same organization are duplicates of the first, even inside one group.
    #expect(try store.allCases().dropFirst().allSatisfy { $0.findings.contains { $0.rule == "duplicate-request" } })
    #expect(try FileManager.default.contentsOfDirectory(atPath: storeDir + "/.tmp").isEmpty)
}

/// A group commits on a thread of its own while the next is decided and staged. When that commit fails,
/// the group staged after it goes too (it was decided with the failed group counted as on file): nothing
/// of either is on file, each message is told of as not filed, in order, and the next pass files them all.
@Test func aFailedCommitAsideTakesTheGroupStagedAfterItDownToo() throws {
    let messages: [(name: String, bytes: String)] = (1...5).map { i in
        ("cur/17000001\(i)0.M\(i)P1.host:2,S", goodRequest.replacingOccurrences(of: "<req-1@xyz.edu>", with: "<req-\(i)@xyz.edu>")
            .replacingOccurrences(of: "20,000 accounts", with: "2\(i),000 accounts"))
    }
    let dir = try makeMaildir(messages)
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    // A folder under the second case's number, in every verdict folder: the first group's commit refuses to
    // overwrite it, after the second group has been staged.
    let year = String(ISO8601DateFormatter().string(from: Date()).prefix(4))
    let planted = CaseFolder.all.map { "\(storeDir)/\($0.name)/LX-\(year)-0002" }
    for path in planted { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
    var poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store)
    poller.groupSize = 2
    var heard: [String] = []
    let summary = try poller.run(try MaildirSource(directory: dir), each: { result in
        switch result {
        case .failed(let id, let reason): heard.append("failed \(id) \(reason.contains("a case folder is already there"))")
        default: heard.append("\(result)")
        }
    })
    #expect(summary.filed.isEmpty)
    #expect(heard == (1...4).map { "failed 17000001\($0)0.M\($0)P1.host true" }, "the first group, then the one staged after it")
    #expect(try store.allCases().isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: storeDir + "/.tmp").isEmpty)
    for folder in CaseFolder.all {
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(storeDir)/\(folder.name)") == ["LX-\(year)-0002"])
    }

    for path in planted { try FileManager.default.removeItem(atPath: path) }
    let again = try poller.run(try MaildirSource(directory: dir))
    #expect(again.filed.count == 5 && again.failures.isEmpty)
    #expect(try store.allCases().map(\.sourceID) == (1...5).map { "17000001\($0)0.M\($0)P1.host" })
}

/// Reading ahead (on a source's fetch thread) is for messages no run has died on: a message with
/// an attempt on record is left to be read alone, so a crash is charged to its cause and nothing else.
@Test func onlyMessagesNoRunDiedOnAreReadAhead() throws {
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    let rules = DeciderLoader(try Decider(rulesDirectory: repository + "/Rules"))
    let fresh = SourceMessage(sourceID: "1/1", raw: .success(Array(goodRequest.utf8)))
    let prepared = try #require(Poller.prepare(fresh, source: "imap", store: store, rules: rules))
    #expect(prepared.sha256 == CaseStore.sha256(Array(goodRequest.utf8)))
    #expect(prepared.reading?.extraction.fields.requestedUsers == 20_000)
    // The read went through: its attempt is no longer on record.
    #expect(try store.attemptCount(source: "imap", sourceID: "1/1") == 0)

    _ = try store.beginAttempt(source: "imap", sourceID: "1/2")  // a run died while on this one
    let suspect = SourceMessage(sourceID: "1/2", raw: .success(Array(goodRequest.utf8)))
    let left = try #require(Poller.prepare(suspect, source: "imap", store: store, rules: rules))
    #expect(left.reading == nil)
    #expect(left.alone, "handed over to be handled alone")
    #expect(try store.attemptCount(source: "imap", sourceID: "1/2") == 1)

    // Filed with what was read ahead, exactly as without it.
    let poller = Poller(decider: try rules.decider(), store: store)
    guard case .filed(let record) = poller.handle(fresh, prepared: Poller.prepare(fresh, source: "imap", store: store, rules: rules), from: "imap") else {
        Issue.record("not filed"); return
    }
    try store.commitStaged()
    #expect(record.fields.requestedUsers == 20_000)
    #expect(try store.caseRecord(id: record.id)?.verdict == record.verdict)
}

/// Runs stopped from outside while a message was in hand count against it; once it is read and
/// staged, they no longer do, so kills that keep landing near the same messages (before their
/// group is committed) never quarantine a message that is fine.
@Test func aMessageThatGetsThroughIsNoLongerCountedAgainst() throws {
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    for _ in 0..<2 { _ = try store.beginAttempt(source: "imap", sourceID: "1/1") }
    let poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store)
    guard case .filed(let record) = poller.handle(SourceMessage(sourceID: "1/1", raw: .success(Array(goodRequest.utf8))), from: "imap") else {
        Issue.record("not staged"); return
    }
    #expect(record.findings.allSatisfy { $0.rule != "unparseable-message" })
    #expect(try store.attemptCount(source: "imap", sourceID: "1/1") == 0, "forgotten before the commit")
    store.discardStaged()  // the run dies before its group is committed
    _ = try store.beginAttempt(source: "imap", sourceID: "1/1")
    #expect(try store.attemptCount(source: "imap", sourceID: "1/1") == 1)
}

/// While a message an earlier run died on is in hand, nothing more is read ahead: if the run dies
/// again, it was the only message in hand.
@Test func nothingIsReadAheadWhileASuspectMessageIsInHand() throws {
    let gate = Poller.AloneGate()
    gate.hold()
    let passed = Mutex(false)
    let reader = Thread {
        gate.waitWhileHeld()
        passed.withLock { $0 = true }
    }
    reader.start()
    usleep(50_000)
    #expect(!passed.withLock { $0 }, "reading ahead waits while the suspect is in hand")
    gate.release()
    for _ in 0..<200 where !passed.withLock({ $0 }) { usleep(5_000) }
    #expect(passed.withLock { $0 })
}

/// Issue 12: one small email with two attachments of the same 204-byte name stopped the queue for
/// ever (the numbering's " (2)" was cut off again by the length bound, at full CPU, holding the lock).
/// Now it is filed with both files, and the message behind it too.
@Test func twoAttachmentsOfOneLongNameAreFiledAndTheQueueGoesOn() throws {
    let long = String(repeating: "n", count: 200) + ".pdf"
    let body = "%PDF-1.4 letter\r\n"
    let attached = """
        From: John Parker <parker@xyz.edu>\r
        To: sales@ecoprintq.com\r
        Subject: Letters\r
        Message-ID: <two-long@xyz.edu>\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b"\r
        \r
        --b\r
        Content-Type: text/plain\r
        \r
        Please find our letters attached.\r
        --b\r
        Content-Type: application/pdf; name="\(long)"\r
        Content-Disposition: attachment; filename="\(long)"\r
        \r
        \(body)\r
        --b\r
        Content-Type: application/pdf; name="\(long)"\r
        Content-Disposition: attachment; filename="\(long)"\r
        \r
        \(body)\r
        --b--\r
        """
    let dir = try makeMaildir([("new/1700000001.M1P1.host", attached), ("new/1700000002.M2P1.host", goodRequest)])
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    let summary = try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store).run(try MaildirSource(directory: dir))
    #expect(summary.filed.count == 2)
    let files = try FileManager.default.contentsOfDirectory(atPath: summary.filed[0].path + "/attachments")
    #expect(files.count == 2)
    #expect(files.allSatisfy { $0.utf8.count <= AttachmentNames.maxBytes })
}

/// Issue 12: a full disk was blamed on the message: each failed write counted as "intake stopped", and
/// after three polls a valid request was quarantined as unparseable. The store's failures stop the
/// pass with a clear error and are never counted against a message.
@Test func aFailingStoreStopsThePassAndIsNotTheMessagesFault() throws {
    let dir = try makeMaildir([("new/1700000002.M2P1.host", goodRequest)])
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    let decider = try Decider(rulesDirectory: repository + "/Rules")
    // The staging area cannot be written (as on a full disk): a file stands where its folder should be.
    try FileManager.default.removeItem(atPath: storeDir + "/.tmp")
    try Data("not a folder".utf8).write(to: URL(fileURLWithPath: storeDir + "/.tmp"))
    for _ in 0..<4 {
        #expect(throws: PipelineError.self) { try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir)) }
        #expect(try store.attemptCount(source: "maildir", sourceID: "1700000002.M2P1.host") == 0)
    }
    // Once the disk is fixed, the request is decided as any other, not quarantined.
    try FileManager.default.removeItem(atPath: storeDir + "/.tmp")
    try FileManager.default.createDirectory(atPath: storeDir + "/.tmp", withIntermediateDirectories: true)
    let summary = try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir))
    #expect(summary.filed.first?.verdict == .accept)
    #expect(summary.filed.first?.findings.contains { $0.rule == "unparseable-message" } == false)
}

/// Issue 12: `reprocess LX-2026-0001` filed a file of that name in the working folder instead of
/// reprocessing the case. A case id on file wins.
@Test func reprocessingACaseIdIgnoresAFileOfThatName() throws {
    let storeDir = try temporaryFolder("store")
    defer { try? FileManager.default.removeItem(atPath: storeDir) }
    let store = try CaseStore(directory: storeDir)
    let decider = try Decider(rulesDirectory: repository + "/Rules")
    let dir = try makeMaildir([("new/1700000002.M2P1.host", goodRequest)])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let filed = try #require(try Poller(decider: decider, store: store).run(try MaildirSource(directory: dir)).filed.first)
    let decoy = FileManager.default.currentDirectoryPath + "/" + filed.id
    try Data("From: someone@else.org\r\n\r\nnot the case".utf8).write(to: URL(fileURLWithPath: decoy))
    defer { try? FileManager.default.removeItem(atPath: decoy) }
    guard case .updated(let before, let after) = try Reprocessor(decider: decider, store: store).run(filed.id) else {
        Issue.record("a file in the working folder was filed instead of reprocessing \(filed.id)")
        return
    }
    #expect(before.id == filed.id && after.id == filed.id)
    #expect(try store.allCases().count == 1)
}

/// Issue 12: a Maildir entry that is a link was followed: a link to /etc/shadow was filed as the
/// message. Entries are opened without following links, and only regular files are read.
@Test func aLinkInTheMaildirIsNotFollowed() throws {
    let secretDir = try temporaryFolder("secret")
    let secret = secretDir + "/shadow"
    try Data("root:$6$secret-hash".utf8).write(to: URL(fileURLWithPath: secret))
    let dir = try makeMaildir([("new/1700000002.M2P1.host", goodRequest)])
    try FileManager.default.createSymbolicLink(atPath: dir + "/new/1700000001.M1P1.host", withDestinationPath: secret)
    let storeDir = try temporaryFolder("store")
    defer { for d in [dir, storeDir, secretDir] { try? FileManager.default.removeItem(atPath: d) } }
    let store = try CaseStore(directory: storeDir)
    let summary = try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store).run(try MaildirSource(directory: dir))
    #expect(summary.filed.count == 2)
    for record in summary.filed {
        let archived = FileManager.default.contents(atPath: record.path + "/message.eml") ?? Data()
        #expect(!String(decoding: archived, as: UTF8.self).contains("secret-hash"), "\(record.id) holds the link's target")
    }
    #expect(summary.filed.first?.verdict == .review)
}
