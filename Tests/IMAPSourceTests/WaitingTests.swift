import Filing
import Foundation
import IMAPFetch
import MailSources
import Pipeline
import Testing
@testable import IMAPSource

/// Issue 12: mail that arrives while a pass files (after its search) is already in the mailbox when
/// `watch` starts to IDLE, and IDLE announces only what comes later: the mailbox must be checked
/// against what the pass saw before waiting.
@Test func mailArrivingDuringAPassIsSeenBeforeWaiting() throws {
    let f = try Fixture("waiting")
    defer { f.cleanUp() }
    let messages = try sampleMessages(4, tag: "wait-\(f.prefix)")
    let source = f.source()
    let watcher = try f.server.session(f.mailbox)
    defer { try? watcher.logout() }
    #expect(try source.selectToWait(watcher), "no pass has looked yet")

    try f.append(Array(messages[0..<2]))
    var arrivedDuringPass = false
    let first = try Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: f.store).run(source, each: { _ in
        guard !arrivedDuringPass else { return }
        arrivedDuringPass = true
        try? f.append([messages[2]])  // after the pass searched: it files only what it found
    })
    #expect(first.filed.count == 2)
    #expect(try f.count(f.mailbox) == 1)
    #expect(try source.selectToWait(watcher), "the message that arrived while the pass filed is news")

    let second = try f.poll(source)
    #expect(second.filed.count == 1)
    #expect(try source.selectToWait(watcher) == false, "nothing new since the last pass")
    // Nor after a pass that found nothing (it looked with STATUS only).
    #expect(try f.poll(source).seen == 0)
    #expect(try source.selectToWait(watcher) == false)

    try f.append([messages[3]])
    #expect(try source.selectToWait(watcher), "mail arrived after the last pass")
    #expect(try f.poll(source).filed.count == 1)
    #expect(try source.selectToWait(watcher) == false)
}

/// Issue 12: a message larger than intake reads must not stop every pass (the mail after it would wait
/// for good): it is left in the mailbox, the rest is filed, and the pass says so once.
@Test func aMessageTooLargeToReadIsLeftAndTheRestFiled() throws {
    let f = try Fixture("toolarge")
    defer { f.cleanUp() }
    let small = try sampleMessages(3, tag: "big-\(f.prefix)")
    var large = Array("Message-ID: <large-\(f.prefix)@imap.test>\r\nSubject: scans\r\n\r\n".utf8)
    large += [UInt8](repeating: UInt8(ascii: "x"), count: 60_000)
    try f.append([small[0], large, small[1]])
    var endpoint = f.server.endpoint(f.mailbox)
    endpoint.limits.maxMessageBytes = 40_000
    let source = IMAPMailSource(endpoint: endpoint, credentials: .passwordFile(f.server.passwordFile))
    source.folderPrefix = f.prefix
    let poller = Poller(decider: try Decider(rulesDirectory: repository + "/Rules"), store: f.store)
    var filedFirst = 0
    do {
        filedFirst = try poller.run(source).filed.count
        Issue.record("the pass should say a message was left")
    } catch {
        guard case .source(let cause) = error, cause.kind == .message, let left = cause.underlying as? TooLargeMessages else {
            Issue.record("unexpected error: \(error)")
            return
        }
        #expect(left.count == 1)
        #expect(String(describing: left).contains("left in \(f.mailbox)"))
    }
    _ = filedFirst
    #expect(try f.store.allCases().count == 2, "the two small messages are filed")
    #expect(try f.count(f.mailbox) == 1, "the large one waits in the mailbox")
    // Said once: the next pass is quiet, and mail after it is filed.
    try f.append([small[2]])
    let second = try f.poll(source)
    #expect(second.filed.count == 1)
    #expect(try f.count(f.mailbox) == 1)
}
