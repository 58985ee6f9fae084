import Glibc
import GRDB
import Synchronization

/// A test hook that ends the process at one of the store's steps that change the disk: every write
/// (before it and half-way through it), rename, flush, folder creation, removal and database commit
/// (before and after). With `INTAKE_FAULT_AT=N` in the environment the Nth step reached ends the
/// process at once with `_exit(FaultPoint.exitStatus)`, no clean-up and no buffered output, as a kill
/// would; the fault-injection tests run N = 1, 2, … until a run ends without reaching N, and check that
/// the next run puts everything right. With `INTAKE_FAULT_AT=trace` every step reached is printed
/// and none ends the run: where a group commits on a thread of its own, which step comes Nth differs
/// from run to run, and a test that counts the steps of one kind reads them from one traced run.
/// Without the variable a step costs one load of a constant.
package enum FaultPoint {
    /// The status a run ended by the hook exits with, so a test tells it from any other ending.
    package static let exitStatus: Int32 = 86

    private enum Setting { case endAt(Int), trace }

    private static let setting: Setting? = getenv("INTAKE_FAULT_AT").flatMap { value -> Setting? in
        let text = String(cString: value)
        if text == "trace" { return .trace }
        return Int(text).flatMap { $0 > 0 ? .endAt($0) : nil }
    }
    private static let reached = Mutex<Int>(0)

    package static var isEnabled: Bool { setting != nil }

    /// One step of the store; `what` names it in the line printed when the process is ended there.
    package static func reach(_ what: @autoclosure () -> String) {
        guard let setting else { return }
        let n = reached.withLock { n in n += 1; return n }
        switch setting {
        case .trace:
            writeLine("intake: step \(n): \(what())\n")
        case .endAt(let target):
            guard n == target else { return }
            writeLine("intake: fault injected at step \(n): \(what())\n")
            _exit(exitStatus)
        }
    }

    /// One write, so lines from two threads never mix.
    private static func writeLine(_ line: String) {
        _ = line.withCString { Glibc.write(2, $0, strlen($0)) }
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
