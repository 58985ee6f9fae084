import Filing
import Foundation
import IMAPFetch
import MailSources
import Pipeline
import TestServers
import Testing
@testable import IMAPSource

/// The private Dovecot of `scripts/dovecot.sh` (see `make test`), with the endpoints and sessions the
/// pipeline tests open on it. Missing settings fail the test, saying what to run; they never skip it.
struct Server {
    let settings: DovecotSettings

    static func current() throws -> Server { Server(settings: try DovecotSettings.current()) }

    var passwordFile: String { settings.passwordFile }

    /// An endpoint without the password, which the source under test reads from `passwordFile`.
    func endpoint(_ mailbox: String) -> IMAPEndpoint {
        IMAPEndpoint(host: settings.host, port: settings.imapsPort, security: .imaps, mailbox: mailbox, user: settings.user,
                     credential: .password(""), caFile: settings.caFile, timeout: 30)
    }

    func session(_ mailbox: String) throws -> IMAPSession {
        var e = endpoint(mailbox)
        e.credential = .password(try settings.password())
        return try IMAPSession(e)
    }
}

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The sample requests, each made unique (its own Message-ID) so a test can add as many as it wants.
func sampleMessages(_ count: Int, tag: String) throws -> [[UInt8]] {
    let files = try ["cur", "new"].flatMap { sub in
        try FileManager.default.contentsOfDirectory(atPath: repository + "/Mailbox/" + sub).sorted().map { repository + "/Mailbox/\(sub)/\($0)" }
    }
    return (0..<count).map { i in
        Array("Message-ID: <\(tag)-\(i)@imap.test>\r\nX-Copy: \(i)\r\n".utf8) + [UInt8](FileManager.default.contents(atPath: files[i % files.count])!)
    }
}

/// A test's own mailbox, intake folder and store, so tests never see each other's mail.
struct Fixture {
    let server: Server
    let mailbox: String
    let prefix: String
    let storeDir: String
    let store: CaseStore

    init(_ purpose: String) throws {
        server = try Server.current()
        let id = UUID().uuidString.prefix(8)
        mailbox = "pipeline-\(purpose)-\(id)"
        prefix = "Filed-\(id)"
        storeDir = FileManager.default.temporaryDirectory.appendingPathComponent("imap-store-\(id)").path
        store = try CaseStore(directory: storeDir)
        let s = try server.session("INBOX")
        _ = try s.createMailbox(mailbox)
        try? s.logout()
    }

    func append(_ messages: [[UInt8]], flags: [String] = []) throws {
        let s = try server.session(mailbox)
        for m in messages { _ = try s.append(m, to: mailbox, flags: flags) }
        try? s.logout()
    }

    func source(keepInInbox: Bool = false) -> IMAPMailSource {
        let source = IMAPMailSource(endpoint: server.endpoint(mailbox), credentials: .passwordFile(server.passwordFile))
        source.folderPrefix = prefix
        source.keepInInbox = keepInInbox
        return source
    }

    func poll(_ source: IMAPMailSource) throws(PipelineError) -> Poller.Summary {
        try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: store).run(source)
    }

    func count(_ mailbox: String) throws -> Int {
        let s = try server.session(mailbox)
        defer { try? s.logout() }
        return Int(try s.status(mailbox).messages)
    }

    func cleanUp() {
        if let s = try? server.session("INBOX") {
            for m in [mailbox, prefix + "/Accepted", prefix + "/Rejected", prefix + "/Review", prefix] { try? s.deleteMailbox(m) }
            try? s.logout()
        }
        try? FileManager.default.removeItem(atPath: storeDir)
    }
}


@Test func firstPollFilesEverythingAndMovesItThenNothingIsNew() throws {
    let f = try Fixture("first")
    defer { f.cleanUp() }
    try f.append(try sampleMessages(20, tag: "first-\(f.prefix)"))
    let source = f.source()
    let first = try f.poll(source)
    #expect(first.filed.count == 20)
    #expect(first.failures.isEmpty)
    #expect(try f.count(f.mailbox) == 0, "filed messages leave the inbox")
    let moved = try f.count(f.prefix + "/Accepted") + f.count(f.prefix + "/Rejected") + f.count(f.prefix + "/Review")
    #expect(moved == 20)
    #expect(try f.count(f.prefix + "/Accepted") == first.count(.accept))
    // \Seen is left as it was: never set by intake.
    let s = try f.server.session(f.prefix + "/Accepted")
    _ = try s.select(f.prefix + "/Accepted")
    let uids = try s.uidSearch("ALL")
    #expect(try s.flags(uids).values.allSatisfy { !$0.contains("\\Seen") })
    try? s.logout()

    let second = try f.poll(source)
    #expect(second.filed.isEmpty && second.seen == 0)
    #expect(source.lastPassFoundNothing)
}

@Test func aNoNewsPollCostsTheSameWhateverTheMailboxSize() throws {
    let small = try Fixture("nonews-small")
    let large = try Fixture("nonews-large")
    defer { small.cleanUp(); large.cleanUp() }
    // keep-in-inbox, so the messages stay in the mailbox being polled.
    try small.append(try sampleMessages(3, tag: "s-\(small.prefix)"))
    try large.append(try sampleMessages(60, tag: "l-\(large.prefix)"))
    let a = small.source(keepInInbox: true), b = large.source(keepInInbox: true)
    _ = try small.poll(a)
    _ = try large.poll(b)
    #expect(try small.count(small.mailbox) == 3 && large.count(large.mailbox) == 60)
    _ = try small.poll(a)
    _ = try large.poll(b)
    #expect(a.lastPassFoundNothing && b.lastPassFoundNothing)
    #expect(a.lastRoundTrips == b.lastRoundTrips, "\(a.lastRoundTrips) vs \(b.lastRoundTrips) round trips")
    #expect(a.lastRoundTrips <= 3)
}

@Test func newMailBetweenPollsIsFiledAndOnlyIt() throws {
    let f = try Fixture("new")
    defer { f.cleanUp() }
    let messages = try sampleMessages(8, tag: "new-\(f.prefix)")
    try f.append(Array(messages[0..<5]))
    let source = f.source()
    #expect(try f.poll(source).filed.count == 5)
    try f.append(Array(messages[5..<8]))
    let second = try f.poll(source)
    #expect(second.filed.count == 3)
    #expect(Set(second.filed.map(\.messageID)) == Set((5..<8).map { "<new-\(f.prefix)-\($0)@imap.test>" }))
    #expect(try f.store.allCases().count == 8)
}

@Test func keepInInboxFlagsInsteadOfMovingAndLeavesSeenAlone() throws {
    let f = try Fixture("keep")
    defer { f.cleanUp() }
    let messages = try sampleMessages(4, tag: "keep-\(f.prefix)")
    try f.append(Array(messages[0..<2]), flags: ["\\Seen"])
    try f.append(Array(messages[2..<4]))
    #expect(try f.poll(f.source(keepInInbox: true)).filed.count == 4)
    let s = try f.server.session(f.mailbox)
    _ = try s.select(f.mailbox)
    let flags = try s.flags(try s.uidSearch("ALL"))
    try? s.logout()
    #expect(flags.count == 4)
    #expect(flags.values.allSatisfy { $0.contains("$Intake") })
    #expect(flags.values.filter { $0.contains("\\Seen") }.count == 2, "\\Seen stays as a person left it")
}

@Test func aChangedUIDValidityFilesNothingTwice() throws {
    let f = try Fixture("uidvalidity")
    defer { f.cleanUp() }
    let messages = try sampleMessages(6, tag: "uv-\(f.prefix)")
    try f.append(messages)
    let source = f.source(keepInInbox: true)
    #expect(try f.poll(source).filed.count == 6)
    // The mailbox is recreated: new UIDVALIDITY, the same messages under new UIDs.
    let s = try f.server.session("INBOX")
    try s.deleteMailbox(f.mailbox)
    _ = try s.createMailbox(f.mailbox)
    try? s.logout()
    try f.append(messages)
    let again = try f.poll(source)
    #expect(again.filed.isEmpty)
    #expect(again.alreadyOnFile == 6)
    #expect(try f.store.allCases().count == 6)
}

@Test func aWrongPasswordSaysWhatTheServerSaidAndWhatToDo() throws {
    let f = try Fixture("password")
    defer { f.cleanUp() }
    let wrong = FileManager.default.temporaryDirectory.appendingPathComponent("wrong-\(UUID().uuidString)").path
    try "not-the-password\n".write(toFile: wrong, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: wrong) }
    let source = IMAPMailSource(endpoint: f.server.endpoint(f.mailbox), credentials: .passwordFile(wrong))
    do {
        _ = try f.poll(source)
        Issue.record("a wrong password must fail")
    } catch {
        guard case .source(let cause) = error else { Issue.record("not the source's error: \(error)"); return }
        #expect(cause.kind == .login)
        let text = "\(error)"
        #expect(text.contains("login failed"), "\(text)")
        #expect(text.contains("password"), "\(text)")
        #expect(!text.contains("not-the-password"), "never print the password")
    }
}

@Test func anUntrustedCertificateIsRefusedWithAHint() throws {
    let f = try Fixture("cert")
    defer { f.cleanUp() }
    var endpoint = f.server.endpoint(f.mailbox)
    endpoint.caFile = nil
    let source = IMAPMailSource(endpoint: endpoint, credentials: .passwordFile(f.server.passwordFile))
    do {
        _ = try f.poll(source)
        Issue.record("a self-signed certificate must not be trusted by default")
    } catch {
        guard case .source(let cause) = error else { Issue.record("not the source's error: \(error)"); return }
        #expect(cause.kind == .connection)
        #expect(cause.underlying is IMAPError)
        #expect("\(error)".contains("--ca-file"), "\(error)")
    }
}

@Test func aThirtyMegabyteMessageIsFiledWhole() throws {
    let f = try Fixture("large")
    defer { f.cleanUp() }
    var big = Array("From: John Parker <parker@xyz.edu>\r\nTo: sales@ecoprintq.com\r\nSubject: evidence\r\nMessage-ID: <big-\(f.prefix)@imap.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nOur directory export is attached.\r\n--b\r\nContent-Type: application/octet-stream; name=export.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
    let line = Array("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n".utf8)
    while big.count < 30_000_000 { big += line }
    big += Array("--b--\r\n".utf8)
    try f.append([big])
    let summary = try f.poll(f.source())
    let record = try #require(summary.filed.first)
    #expect(FileManager.default.contents(atPath: record.path + "/message.eml")?.count == big.count)
}

@Test(.timeLimit(.minutes(10)))
func aMailboxOfFiveThousandMessagesIsFiledInOnePassWithBoundedMemory() throws {
    let f = try Fixture("five-thousand")
    defer { f.cleanUp() }
    let s = try f.server.session(f.mailbox)
    for i in 0..<5000 {
        let m = "From: it\(i % 97)@org\(i % 613).example.edu\r\nTo: sales@ecoprintq.com\r\nSubject: request \(i)\r\nMessage-ID: <n\(i)-\(f.prefix)@imap.test>\r\n\r\nOur domain contains \(20000 + i) accounts and we are licensed for 18,000 users.\r\n"
        _ = try s.append(Array(m.utf8), to: f.mailbox)
    }
    try? s.logout()
    let source = f.source(keepInInbox: true)
    source.batchSize = 1000
    let summary = try f.poll(source)
    #expect(summary.filed.count == 5000)
    #expect(summary.failures.isEmpty)
    #expect(try f.store.allCases().count == 5000)
    let again = try f.poll(source)
    #expect(again.seen == 0 && source.lastPassFoundNothing)
}

@Test func aRangeLargerThanTheSearchWindowIsSearchedWindowByWindowAndFiledWhole() throws {
    let f = try Fixture("windows")
    defer { f.cleanUp() }
    try f.append(try sampleMessages(21, tag: "win-\(f.prefix)"))
    var endpoint = f.server.endpoint(f.mailbox)
    endpoint.limits.searchWindow = 4
    let source = IMAPMailSource(endpoint: endpoint, credentials: .passwordFile(f.server.passwordFile))
    source.folderPrefix = f.prefix
    let summary = try f.poll(source)
    #expect(summary.filed.count == 21)
    #expect(summary.failures.isEmpty)
    #expect(try f.count(f.mailbox) == 0)
    // STATUS-free first pass: SELECT, six windows of SEARCH, FETCH and MOVE each, LOGOUT aside.
    #expect(source.lastRoundTrips >= 1 + 6 * 3, "\(source.lastRoundTrips) round trips")
    let again = try f.poll(source)
    #expect(again.seen == 0 && source.lastPassFoundNothing)
}
