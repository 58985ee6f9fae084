import Foundation
import IMAPFetch
import Testing

extension DovecotTests {
    @Suite struct Idle {
        @Test(.timeLimit(.minutes(10)))
        func idleWakesWhenAMessageArrives() throws {
            let server = try TestServer.current()
            let box = TestServer.uniqueMailbox("idle")
            let session = try server.session()
            try session.createMailbox(box)
            try session.select(box)
            let endpoint = server.endpoint()
            let delivered = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                usleep(500_000)
                do {
                    let other = try IMAPSession(endpoint)
                    try other.append(sampleMessage(1), to: box)
                    try other.logout()
                } catch {
                    Issue.record("append from a second session failed: \(error)")
                }
                delivered.signal()
            }
            let start = ContinuousClock.now
            let woke = try session.idle(timeout: 20)
            let waited = ContinuousClock.now - start
            delivered.wait()
            #expect(woke)
            #expect(waited < .seconds(10), "IDLE returned after \(waited)")
            #expect(try session.uidSearch("ALL").count == 1, "the session is usable after IDLE")
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }

        @Test func idleTimesOutQuietly() throws {
            let server = try TestServer.current()
            let session = try server.session()
            let box = TestServer.uniqueMailbox("idle-quiet")
            try session.createMailbox(box)
            try session.select(box)
            let start = ContinuousClock.now
            #expect(try session.idle(timeout: 1) == false)
            let waited = ContinuousClock.now - start
            #expect(waited >= .milliseconds(900) && waited < .seconds(5))
            try session.noop()
            try session.select("INBOX")
            try session.deleteMailbox(box)
            try session.logout()
        }
    }
}
