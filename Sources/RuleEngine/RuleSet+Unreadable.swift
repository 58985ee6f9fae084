import Extraction

/// The finding for a message intake could not read at all: bytes the source could not deliver, or a
/// message that stopped intake again and again and is quarantined unread. It is the rule set's
/// `unparseable-message` rule, as a message the parser could not make sense of gets it, so the id,
/// severity and the words a requester reads are defined once, in `rules.yaml`. The loader refuses a
/// rule set without that rule, or whose condition would not fire on an unread message.
extension RuleSet {
    /// The rule every unread message gets.
    package static let unreadableRuleID = "unparseable-message"

    /// What the rules see of a message that was never read: no message, no fields.
    static let unreadInput = RuleInput(message: nil, fields: RequestFields())

    /// The `unparseable-message` finding, its message in `language` when the rules speak it (a message
    /// never read has none: the rules' first language). Nil only for a rule set the loader did not build.
    package func unreadableFinding(language: String? = nil) -> Finding? {
        guard let rule = rules.first(where: { $0.id == Self.unreadableRuleID }) else { return nil }
        var input = Self.unreadInput
        input.language = language
        return finding(for: rule, input)
    }

    /// Why the rule set cannot serve an unread message, if it cannot.
    func unreadableProblem() -> (problem: String, fix: String)? {
        guard let rule = rules.first(where: { $0.id == Self.unreadableRuleID }) else {
            return ("there is no rule \(Self.unreadableRuleID): a message intake cannot read is filed with its finding",
                    "add the rule from the shipped Rules/rules.yaml (id: \(Self.unreadableRuleID), when: {unparseable: true})")
        }
        // As `evaluate` applies rules to a message it could not parse: only those about that, if they fire.
        let noStore = Optional<(OrganizationDomain) throws(Never) -> Bool>.none
        guard Self.mentionsUnparseable(rule.condition), check(rule.condition, Self.unreadInput, noStore).0 else {
            return ("rule \(Self.unreadableRuleID) does not fire on a message that could not be read",
                    "write `when: {unparseable: true}`")
        }
        return nil
    }
}
