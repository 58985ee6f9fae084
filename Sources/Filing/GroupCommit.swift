import Dispatch
import Synchronization

/// A group of staged cases committing on a thread of its own (`CaseStore.commitStagedAside()`).
package final class GroupCommit: Sendable {
    private let outcome = Mutex<Result<[CaseRecord], FilingError>?>(nil)
    private let ended = DispatchSemaphore(value: 0)

    func finish(_ result: Result<[CaseRecord], FilingError>) {
        outcome.withLock { $0 = result }
        ended.signal()
    }

    /// Waits for the commit to end: the cases it put on file, or why none of them is.
    @discardableResult
    package func wait() throws(FilingError) -> [CaseRecord] {
        ended.wait()
        ended.signal()  // a second wait returns at once
        guard let result = outcome.withLock({ $0 }) else { preconditionFailure("a group commit signalled before it ended") }
        return try result.get()
    }
}
