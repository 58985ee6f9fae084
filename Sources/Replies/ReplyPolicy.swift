package import RuleEngine

/// The per-verdict switch of `intake.yaml`'s `replies:`: a reply to an accepted, rejected or review case is
/// sent by itself, or held for a person (`intake replies send` / `replies drop`).
package struct ReplyPolicy: Sendable, Equatable {
    package enum Action: String, Sendable, CaseIterable {
        case send, hold
    }

    package var accepted: Action
    package var rejected: Action
    package var review: Action

    /// Every reply goes by itself: the default, a requester always hears back.
    package static let sendAll = ReplyPolicy(accepted: .send, rejected: .send, review: .send)

    package init(accepted: Action, rejected: Action, review: Action) {
        self.accepted = accepted
        self.rejected = rejected
        self.review = review
    }

    package func action(for verdict: Verdict) -> Action {
        verdict == .accept ? accepted : verdict == .reject ? rejected : review
    }

    /// Whether a reply made by a decision with this verdict waits for a person.
    package func holds(_ verdict: Verdict) -> Bool { action(for: verdict) == .hold }
}
