import Glibc
import GRDB
import Synchronization

/// A test hook that ends the process at one of the store's steps that change the disk: every write
/// (before it and half-way through it), rename, flush, folder creation, removal and database commit
/// (before and after). With `INTAKE_FAULT_AT=N` in the environment the Nth step reached ends the
/// process at once with `_exit(FaultPoint.exitStatus)`, no clean-up and no buffered output, as a kill
/// would; the fault-injection tests run N = 1, 2, … until a run ends without reaching N, and check that
/// the next run puts everything right. Without the variable a step costs one load of a constant.
package enum FaultPoint {
    /// The status a run ended by the hook exits with, so a test tells it from any other ending.
    package static let exitStatus: Int32 = 86

    private static let target: Int? = getenv("INTAKE_FAULT_AT").flatMap { Int(String(cString: $0)) }.flatMap { $0 > 0 ? $0 : nil }
    private static let reached = Mutex<Int>(0)

    package static var isEnabled: Bool { target != nil }

    /// One step of the store; `what` names it in the line printed when the process is ended there.
    package static func reach(_ what: @autoclosure () -> String) {
        guard let target else { return }
        let n = reached.withLock { n in n += 1; return n }
        guard n == target else { return }
        let line = "intake: fault injected at step \(n): \(what())\n"
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
        _exit(exitStatus)
    }

    /// Adds the before- and after-commit steps to a database connection, when the hook is on.
    static func observe(_ db: Database) {
        guard isEnabled else { return }
        db.add(transactionObserver: CommitSteps(), extent: .databaseLifetime)
    }

    private final class CommitSteps: TransactionObserver {
        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseWillCommit() throws { FaultPoint.reach("before a database commit") }
        func databaseDidCommit(_ db: Database) { FaultPoint.reach("after a database commit") }
        func databaseDidRollback(_ db: Database) {}
    }
}
