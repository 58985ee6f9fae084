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

final class StagedCases: Sendable {
    private let cases = Mutex<[StagedCase]>([])

    func append(_ c: StagedCase) { cases.withLock { $0.append(c) } }

    /// Empties the list and returns what it held.
    func takeAll() -> [StagedCase] { cases.withLock { list in defer { list = [] }; return list } }

    func first(where match: (StagedCase) -> Bool) -> StagedCase? { cases.withLock { $0.first(where: match) } }

    /// Changes the staged case with this id; false when none is staged.
    func update(caseID: String, _ body: (inout StagedCase) -> Void) -> Bool {
        cases.withLock { list in
            guard let i = list.firstIndex(where: { $0.record.id == caseID }) else { return false }
            body(&list[i])
            return true
        }
    }

    /// Every staged reply, in staging order.
    func replies() -> [PendingReply] { cases.withLock { $0.compactMap { if case .reply(let p)? = $0.answer { p } else { nil } } } }

    func maxSeq(year: Int) -> Int? { cases.withLock { $0.filter { $0.year == year }.map(\.seq).max() } }
}
