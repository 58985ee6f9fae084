import Filing
import Foundation
import IMAPFetch
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
