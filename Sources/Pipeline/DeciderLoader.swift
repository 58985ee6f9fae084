import Foundation
import Synchronization

/// Loads the rules once, on first use. A poll that finds nothing new never pays for reading them.
/// Safe to share between the thread that files and the source's reading thread.
package final class DeciderLoader: Sendable {
    private let loaded: Mutex<Decider?>
    private let directory: String?
    private let started = Mutex(false)

    package init(rulesDirectory: String) {
        loaded = Mutex(nil)
        directory = rulesDirectory
    }

    package init(_ decider: Decider) {
        loaded = Mutex(decider)
        directory = nil
    }

    /// Starts loading the rules on a thread of their own, unless they are loaded (or loading): the first
    /// message then finds them ready. A broken rule set is left for `decider()` to report.
    package func preload() {
        guard !started.withLock({ (started: inout Bool) -> Bool in defer { started = true }; return started }) else { return }
        Thread.detachNewThread { [self] in _ = try? decider() }
    }

    package func decider() throws(PipelineError) -> Decider {
        try loaded.withLock { (loaded: inout Decider?) throws(PipelineError) -> Decider in
            if let loaded { return loaded }
            let d = try Decider(rulesDirectory: directory ?? "Rules")
            // The first message read in a process pays for one-time set-up (regex programs, Unicode
            // tables). Paid here, before any message is in hand, a run stopped from outside during
            // it is not counted against the message that happened to be first.
            _ = d.read(Self.warmUp)
            loaded = d
            return d
        }
    }
}

extension DeciderLoader {
    static let warmUp = Array("""
        From: Ana Lima <ana@example.org>\r
        Subject: Re: License exception request\r
        \r
        Dear Sales Team,\r
        \r
        We have 25,000 accounts and are licensed for 18,000 users; we request 20,000.\r
        \r
        Best regards,\r
        Ana Lima\r
        IT Manager\r
        Example University\r
        \r
        On Mon, 2 Nov 2026 at 10:00, Sales <sales@example.test> wrote:\r
        > Thank you.\r
        """.utf8)
}
