import Foundation
import IMAPFetch
import Testing

extension DovecotTests {
    /// Restarts or kills a Dovecot of their own, never the shared one.
    @Suite struct ServerRestart {
        @Test(.timeLimit(.minutes(10)))
        func restartMidFetchGivesAClearErrorNotAHang() throws {
            let server = try TestServer.current().privateInstance()
            defer { server.stopInstance() }
            let box = TestServer.uniqueMailbox("restart")
            try server.script("load", "300", "small", box)
            let session = try IMAPSession(server.endpoint(timeout: 10))
            try session.select(box)
            let uids = try session.uidSearch("ALL")
            var seen = 0
            let restarted = DispatchSemaphore(value: 0)
            let start = ContinuousClock.now
            let error = #expect(throws: IMAPError.self) {
                try session.fetch(uids, inFlight: 2) { _ in
                    seen += 1
                    if seen == 5 {
                        // Restarted from another thread while this one keeps reading, slowly.
                        Thread.detachNewThread {
                            try? server.script("restart", "--hard")
                            restarted.signal()
                        }
                    }
                    if seen >= 5 { usleep(20_000) }
                }
            }
            restarted.wait()
            #expect(ContinuousClock.now - start < .seconds(20))
            guard case .connectionLost(_, let during, _)? = error else {
                Issue.record("expected connectionLost, got \(String(describing: error))")
                return
            }
            #expect(during == "UID FETCH")
            #expect("\(error!)".contains("the server may have restarted"))
            #expect(seen < uids.count)
            // The next command fails at once too.
            #expect(throws: IMAPError.self) { try session.noop() }
            // And a new session works: the next poll resumes, reading what the killed one did not.
            // (No DELETE to tidy up: the instance's folder goes with it, and a DELETE after a kill
            // may wait on a lock the killed process left, which a poll never needs.)
            let again = try server.session()
            #expect(try again.status(box).messages == 300)
            try again.select(box)
            var resumed = 0
            try again.fetch(Array(uids.suffix(3))) { _ in resumed += 1 }
            #expect(resumed == 3)
            try again.logout()
        }

        @Test(.timeLimit(.minutes(10)))
        func killedWhileIdleGivesAClearError() throws {
            let server = try TestServer.current().privateInstance()
            defer { server.stopInstance() }
            let session = try server.session()
            try session.select("INBOX")
            let restarted = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                usleep(300_000)
                try? server.script("restart", "--hard")
                restarted.signal()
            }
            let error = #expect(throws: IMAPError.self) { _ = try session.idle(timeout: 20) }
            restarted.wait()
            guard case .connectionLost(_, let during, _)? = error else {
                Issue.record("expected connectionLost, got \(String(describing: error))")
                return
            }
            #expect(during == "IDLE")
            _ = try server.session().status("INBOX")
        }

        /// Dovecot lets a connected session finish after a graceful restart; either way the
        /// next command answers or fails at once with connectionLost, and a new session works.
        @Test(.timeLimit(.minutes(10)))
        func gracefulRestartBetweenCommandsNeverHangs() throws {
            let server = try TestServer.current().privateInstance()
            defer { server.stopInstance() }
            let session = try IMAPSession(server.endpoint(timeout: 10))
            _ = try session.status("INBOX")
            try server.script("restart")
            let start = ContinuousClock.now
            do {
                _ = try session.status("INBOX")
            } catch {
                guard case .connectionLost = error else {
                    Issue.record("expected connectionLost, got \(error)")
                    return
                }
            }
            #expect(ContinuousClock.now - start < .seconds(5))
            _ = try server.session().status("INBOX")
        }
    }
}
