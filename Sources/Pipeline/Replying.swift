package import Filing
package import Foundation
package import MIME
package import Replies
package import RuleEngine
import Synchronization

/// How a decision answers its requester: the reply composed from the admin's templates, recorded in the
/// decision's own transaction (queued, or held for a person as the per-verdict switch says), or the reason
/// it makes none — the loop guard (RFC 3834: robots, lists, bounces, our own mail, the daily limit per
/// address) or no address to answer. Sending is the outbox's (`ReplyDispatcher`), after the commit.
package final class Replying: Sendable {
    /// The address replies come from (intake.yaml's `smtp.from`).
    package let ourAddress: String
    /// Every address of ours: mail from one of them, or with one as its return path, is never answered.
    package let ourAddresses: [String]
    package let policy: ReplyPolicy
    private let directory: String
    private let loaded = Mutex<Loaded?>(nil)

    struct Loaded: Sendable {
        var templates: ReplyTemplates
        var settings: ReplySettings
    }

    /// `rulesDirectory` holds `replies/` (templates and the loop guard's settings), read on first use.
    package init(ourAddress: String, otherAddresses: [String] = [], policy: ReplyPolicy, rulesDirectory: String) {
        self.ourAddress = ourAddress
        var all = [ourAddress]
        for a in otherAddresses where !all.contains(where: { $0.lowercased() == a.lowercased() }) { all.append(a) }
        ourAddresses = all
        self.policy = policy
        directory = rulesDirectory
    }

    /// The templates and settings, read once; a broken set is an error every time it is asked for.
    func parts(languages: [String]) throws(ReplyError) -> Loaded {
        try loaded.withLock { (loaded: inout Loaded?) throws(ReplyError) -> Loaded in
            if let loaded { return loaded }
            let parts = Loaded(templates: try ReplyTemplates.load(directory: directory + "/replies", languages: languages),
                               settings: try ReplySettings.load(directory: directory + "/replies"))
            loaded = parts
            return parts
        }
    }

    /// Why `message` gets no automatic reply, or nil. `countToday` says how many replies went (or are on
    /// their way) to an address in the last day; a person's decision passes nil, as a person's reply is not
    /// counted against the limit.
    /// `findings` are the decision's: one the settings name in `no-reply-when` holds the reply back too.
    package func withheld(_ message: Message, findings: [Finding], rules: RuleSet,
                          countToday: ((String) throws(FilingError) -> Int)?) throws(FilingError) -> String? {
        guard let recipient = OriginalMessage(message).recipient else { return LoopReason.noSender.description }
        let settings: ReplySettings
        do { settings = try parts(languages: rules.fieldWords.languages).settings } catch { return "the reply texts cannot be used: \(error)" }
        let sent = try countToday?(recipient.address) ?? 0
        return LoopGuard.check(message, firedRules: findings.map(\.rule), ourAddresses: ourAddresses, repliesSentToday: sent,
                               settings: settings)?.description
    }

    /// The reply to a decision of case `caseID`, numbered after the case's replies so far; or why there is
    /// none, when it cannot be composed (an address that cannot be written in a header, a template fault).
    /// `correction`: the verdict changed after the requester had a reply; this one says so.
    package func answer(_ decision: Decider.Decision, caseID: String, verdict: Verdict, rules: RuleSet, store: CaseStore,
                        correction: Bool = false, date: Date = Date()) throws(FilingError) -> DecisionReply {
        let sequence = try store.nextReplySequence(caseID: caseID)
        let domain = ourAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let messageID = CaseReference.replyMessageID(caseID: caseID, sequence: sequence, random: UInt64.random(in: 0...UInt64.max), domain: domain)
        do {
            let composer = ReplyComposer(templates: try parts(languages: rules.fieldWords.languages).templates, rules: rules)
            let composed = try decision.reply(caseID: caseID, composer: composer, ourAddress: ourAddress, date: date, messageID: messageID,
                                                   verdict: verdict, correction: correction)
            let outgoing = OutgoingReply(messageID: composed.messageID, caseID: caseID, kind: composed.kind.rawValue,
                                         recipient: composed.recipient, sender: composed.from, subject: composed.subject,
                                         language: composed.language, bytes: composed.bytes)
            return .reply(PendingReply(outgoing, held: policy.holds(verdict)))
        } catch {
            return .withheld(reason: "it could not be composed: \(error.description)")
        }
    }

    /// The whole step for an automatic decision: the loop guard first (counting replies in the last day),
    /// then the reply. `arrived` is the message that made the decision, when it is not the one the reply
    /// answers (a follow-up that joined a case: an out-of-office answer is never answered, though the case's
    /// reply would thread on the requester's own latest message).
    package func reply(to decision: Decider.Decision, caseID: String, rules: RuleSet, store: CaseStore,
                       arrived: Message? = nil) throws(FilingError) -> DecisionReply {
        let since = Timestamp.string(epochSeconds: Int(Date().timeIntervalSince1970) - 86_400)
        if let reason = try withheld(arrived ?? decision.message, findings: decision.findings, rules: rules, countToday: { (address) throws(FilingError) -> Int in
            try store.repliesSent(to: address, since: since)
        }) {
            return .withheld(reason: reason)
        }
        return try answer(decision, caseID: caseID, verdict: decision.verdict, rules: rules, store: store)
    }
}
