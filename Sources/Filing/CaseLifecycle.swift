package import RuleEngine

/// Where a case is in its life: received → decided by the rules → decided by a person → closed.
/// The words are the ones `cases list --state` takes and every output prints. Filing and the rules'
/// decision are one transaction, so a case on file is never left only `received`: that step is the
/// audit log's `seen` line. "Needs information" is a person's decision like accept and reject (the
/// case stays open, in Review/); only `closed` ends the case, and a closed case takes no decision.
package struct CaseState: NamedValue {
    package let name: String

    package static let received = CaseState(name: "received")
    package static let decidedByRules = CaseState(name: "decided-by-rules")
    package static let decidedByPerson = CaseState(name: "decided-by-person")
    package static let closed = CaseState(name: "closed")
    package static let all: [CaseState] = [.received, .decidedByRules, .decidedByPerson, .closed]

    private init(name: String) { self.name = name }
}

/// What a person does to a case with `intake cases decide`.
package enum PersonAction: String, Sendable, CaseIterable {
    case accept
    case reject
    case needsInfo = "needs-info"
    case close

    /// The verdict the case is filed under after this decision; nil for `close`, which leaves it where it is.
    package var verdict: Verdict? {
        switch self {
        case .accept: return .accept
        case .reject: return .reject
        case .needsInfo: return .review
        case .close: return nil
        }
    }

    /// The decision as recorded and shown: the verdict words of `cases list` (accepted, rejected), and needs-info.
    package var decisionWord: String? {
        self == .needsInfo ? "needs-info" : verdict?.word
    }
}

extension Verdict {
    /// The verdict as people read it, the same word everywhere (list, show, export, filters): accepted,
    /// rejected, review.
    package var word: String {
        self == .accept ? "accepted" : self == .reject ? "rejected" : "review"
    }

    /// The verdict for one of those words.
    package init?(word: String) {
        guard let v = Verdict.all.first(where: { $0.word == word }) else { return nil }
        self = v
    }
}

/// A person's part in a case, as the database holds it and request.json carries it under `"decision"`
/// (so the archive alone still holds the whole case, and `store check` can compare the two).
/// Absent while the case is decided by the rules alone.
package struct PersonDecision: Decodable, Sendable, Equatable {
    /// A `CaseState` name: decided-by-person or closed.
    package var state: String
    /// accepted, rejected or needs-info; nil for a case closed without a person's decision before.
    package var decision: String?
    package var by: String?
    package var note: String?
    package var at: String?

    /// The request.json key it is written under.
    static let key = "decision"
}
