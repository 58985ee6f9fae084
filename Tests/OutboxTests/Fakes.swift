import Extraction
import Filing
import Foundation
import Outbox
import RuleEngine
import Synchronization

/// The SMTP server as the dispatcher sees it: answers from a script (then `then` for ever), and every
/// submission it took kept, so a test counts what a requester received. It outlives a dispatcher (a
/// killed run), as a real server does.
final class ScriptedTransport: ReplyTransport {
    private let state: Mutex<(script: [SubmissionOutcome], then: SubmissionOutcome, tries: [String], delivered: [String])>

    init(_ script: [SubmissionOutcome] = [], then: SubmissionOutcome = .accepted) {
        state = Mutex((script, then, [], []))
    }

    func submit(_ message: [UInt8], from: String, to: [String]) -> SubmissionOutcome {
        let id = messageID(in: message) ?? "?"
        return state.withLock { s in
            let outcome = s.script.isEmpty ? s.then : s.script.removeFirst()
            s.tries.append(id)
            if outcome == .accepted { s.delivered.append(id) }
            return outcome
        }
    }

    /// Message-IDs of the replies the server accepted, in order, once per acceptance.
    var delivered: [String] { state.withLock { $0.delivered } }
    /// Every submission, accepted or not.
    var tries: [String] { state.withLock { $0.tries } }
    func answer(from now: SubmissionOutcome) { state.withLock { $0.then = now } }
}

/// The mailbox's Sent folder: what was appended, found by Message-ID; it can be made to fail.
final class FakeSentFolder: SentFolder {
    struct Down: Error, CustomStringConvertible { var description: String { "IMAP server unreachable (connection refused)" } }
    private let state = Mutex<(copies: [String], down: Bool)>(([], false))

    func contains(messageID: String) throws -> Bool {
        try state.withLock { s in
            if s.down { throw Down() }
            return s.copies.contains(messageID)
        }
    }

    func append(_ message: [UInt8]) throws {
        let id = messageID(in: message) ?? "?"
        try state.withLock { s in
            if s.down { throw Down() }
            s.copies.append(id)
        }
    }

    var copies: [String] { state.withLock { $0.copies } }
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }
}

/// The Message-ID header's value, without angle brackets.
func messageID(in message: [UInt8]) -> String? {
    let text = String(decoding: message, as: UTF8.self)
    for line in text.split(separator: "\r\n") where line.lowercased().hasPrefix("message-id:") {
        return line.dropFirst("message-id:".count).trimmingCharacters(in: CharacterSet(charactersIn: " <>"))
    }
    return nil
}

/// A store in a fresh folder, removed by `remove()`.
struct TestStore {
    let directory: String
    let store: CaseStore

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-\(UUID().uuidString)").path
        store = try CaseStore(directory: directory)
    }

    /// The same store opened again, as the next run after a kill would.
    func reopened() throws -> CaseStore { try CaseStore(directory: directory) }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    /// Files one case (its verdict as given) and returns it.
    func fileCase(_ n: Int, verdict: Verdict = .reject, from sender: String = "ana@xyz.edu") throws -> CaseRecord {
        let findings = verdict == .accept ? [] : [Finding(rule: "incomplete-request", severity: verdict == .reject ? .reject : .review, message: "m")]
        return try store.file(CaseSubmission(
            raw: Array("From: \(sender)\r\nSubject: request \(n)\r\nMessage-ID: <req\(n)@xyz.edu>\r\n\r\nbody \(n)\r\n".utf8),
            source: "test", sourceID: "m\(n)", messageID: "<req\(n)@xyz.edu>", receivedAt: nil, sender: sender, senderDomain: "xyz.edu",
            subject: "request \(n)", fields: RequestFields(organization: "XYZ University"), findings: findings, verdict: verdict,
            rulesVersion: "v1", record: Array("{\"verdict\":\"\(verdict.name)\"}".utf8), attachments: []))
    }

    /// A reply for a case, numbered after the ones it has.
    func reply(for c: CaseRecord, to recipient: String = "ana@xyz.edu", random: UInt64 = 0xfeed) throws -> OutgoingReply {
        let sequence = try store.nextReplySequence(caseID: c.id)
        let id = CaseReference.replyMessageID(caseID: c.id, sequence: sequence, random: random, domain: "reseller.example")
        let bytes = Array("""
            From: sales@reseller.example\r
            To: \(recipient)\r
            Subject: Re: request [\(c.id)]\r
            Message-ID: <\(id)>\r
            Auto-Submitted: auto-replied\r
            \r
            Your request \(c.id) is missing the counts.\r

            """.utf8)
        return OutgoingReply(messageID: id, caseID: c.id, kind: "rejected", recipient: recipient, sender: "sales@reseller.example",
                             subject: "Re: request [\(c.id)]", language: "en", bytes: bytes)
    }

    @discardableResult
    func record(for c: CaseRecord, held: Bool = false, to recipient: String = "ana@xyz.edu") throws -> ReplyRecord {
        try store.recordReply(PendingReply(try reply(for: c, to: recipient), held: held))
    }
}

/// A clock the test moves.
final class TestClock: Sendable {
    private let seconds = Mutex(1_800_000_000)
    var now: Int { seconds.withLock { $0 } }
    func advance(_ by: Int) { seconds.withLock { $0 += by } }
    var function: @Sendable () -> Int { { [self] in self.now } }
}
