import RuleEngine
import Synchronization

/// Cases built in `.tmp/` and not yet committed: the store answers for them as for cases on file
/// (dedupe, duplicate requests, the next case number) until `commitStaged()` makes them count, so a
/// group of cases costs one flush of the disk and one transaction instead of one each.
struct StagedCase: Sendable {
    var record: CaseRecord
    /// The sender's organization, as the database's `organization_domain` will hold it.
    var organization: OrganizationDomain?
    var year: Int
    var seq: Int
    var size: Int
    var receivedAt: String?
    var notes: [String]
    var fieldsJSON: String
    var findingsJSON: String
    /// Where the folder was built, and where it goes on commit.
    var staging: String
    /// The files written there (paths under `staging`).
    var files: [String]
    /// The reply its decision made, or why none: recorded in its own transaction.
    var answer: DecisionReply? = nil
}

/// The staged cases, oldest first. The first `committing` of them belong to a group commit under
/// way: they count, as every staged case does, until that commit ends, when they leave the list in
/// the same access to the database that made them count there (or never will), so a question asked
/// meanwhile finds each case once, here or in the database.
final class StagedCases: Sendable {
    private struct State {
        var cases: [StagedCase] = []
        var committing = 0
    }
    private let state = Mutex(State())

    func append(_ c: StagedCase) { state.withLock { $0.cases.append(c) } }

    /// The cases staged since the last group began to commit, now that group: they stay in the list until
    /// `endCommit`. Empty when nothing new is staged; one group at a time.
    func beginCommit() -> [StagedCase] {
        state.withLock { s in
            precondition(s.committing == 0, "a group commit began while another was under way")
            s.committing = s.cases.count
            return s.cases
        }
    }

    /// The group under way is on file, or taken back out: it leaves the list.
    func endCommit() {
        state.withLock { s in
            s.cases.removeFirst(s.committing)
            s.committing = 0
        }
    }

    /// Empties the list of the cases no commit holds, and returns them.
    func takeUncommitted() -> [StagedCase] {
        state.withLock { s in
            defer { s.cases.removeLast(s.cases.count - s.committing) }
            return Array(s.cases[s.committing...])
        }
    }

    func first(where match: (StagedCase) -> Bool) -> StagedCase? { state.withLock { $0.cases.first(where: match) } }

    /// Every staged case that `match`es, oldest first.
    func all(where match: (StagedCase) -> Bool) -> [StagedCase] { state.withLock { $0.cases.filter(match) } }

    /// Every staged reply, in staging order.
    func replies() -> [PendingReply] { state.withLock { $0.cases.compactMap { if case .reply(let p)? = $0.answer { p } else { nil } } } }

    func maxSeq(year: Int) -> Int? { state.withLock { $0.cases.filter { $0.year == year }.map(\.seq).max() } }
}
