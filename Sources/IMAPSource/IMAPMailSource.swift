import Foundation
package import Credentials
package import IMAPFetch
package import Logging
package import MailSources

/// The sales mailbox on an IMAP server. A pass asks only for what is new (UIDVALIDITY and the highest
/// UID handled are its place, which the pipeline keeps in its store), fetches it pipelined without setting \Seen, hands each message
/// to the pipeline, and only once it is filed moves it to `Intake/Accepted|Rejected|Review` (or, with
/// keep-in-inbox, flags it `$Intake`). A crash between filing and moving is harmless: the message is
/// offered again, found on file, and moved then.
package final class IMAPMailSource: MailSource {
    package let endpoint: IMAPEndpoint
    let credentials: CredentialSource
    package var keepInInbox = false
    /// Messages requested and not yet answered; mbsync keeps ~200 commands in flight.
    package var inFlight = 128
    /// UIDs fetched, filed and moved per round, so a crash costs at most this much work again.
    /// Each round ends with the fetch window drained, a commit and a STORE or MOVE round trip:
    /// 1,500 ran a 3,000-message backlog about 4% faster than 500 (five of six paired runs).
    package var batchSize = 1500
    package var folderPrefix = "Intake"
    /// Seconds one pass may take, from login to the last move: a server that keeps intake busy
    /// (and the store locked) no longer than this. What was filed before stays filed.
    package var passSeconds: Double = 3600
    package var logger = Logger(label: "intake.imap")
    /// Commands awaited in the last pass (a no-news pass costs a constant number).
    package private(set) var lastRoundTrips = 0
    package private(set) var lastPassFoundNothing = false
    /// The mailbox as the last pass found it, before it searched (see `selectToWait`).
    package private(set) var lastPassLookedAt: MailboxMark?

    /// `endpoint.limits.maxMessageBytes` is the largest message fetched: give the most the pipeline's
    /// parser reads (a larger one is left in the mailbox, and the pass says so).
    package init(endpoint: IMAPEndpoint, credentials: CredentialSource) {
        self.endpoint = endpoint
        self.credentials = credentials
    }

    package var name: String {
        "imap://\(endpoint.user)@\(endpoint.host):\(endpoint.port)/\(endpoint.mailbox)"
    }

    package func pendingCount() -> Int? { nil }

    /// Run on the pass's session once the pass is done, while the store is still locked: the store's
    /// other errands on the server (moving the copies of cases whose folder changed since they were filed).
    package var afterPass: ((IMAPSession) -> Void)?

    /// Called once a pass knows the mailbox may hold new mail (before it opens the mailbox), so what
    /// filing needs (the rules) is read while the server answers, not after the first message arrives.
    package var onNews: (() -> Void)?

    /// A login already under way (`LoginAhead`): the next `connect()` takes its session.
    package var ahead: LoginAhead?

    /// Connects and logs in, with the credential read afresh (or takes the login started ahead).
    package func connect() throws(SourceError) -> IMAPSession {
        if let ahead {
            self.ahead = nil
            return try ahead.session()
        }
        return try Self.login(endpoint, credentials)
    }

    /// A session logged in with the credential read afresh. With `awaitingLogin: false` (a pass's) the LOGIN's
    /// answer is read with the first command's: a pass opens its mailbox in the same round trip as it logs in.
    static func login(_ endpoint: IMAPEndpoint, _ credentials: CredentialSource, awaitingLogin: Bool = false) throws(SourceError) -> IMAPSession {
        var e = endpoint
        do {
            e.credential = try credentials.credential()
        } catch {
            throw SourceError(error)
        }
        do {
            return try IMAPSession(e, awaitingLogin: awaitingLogin)
        } catch {
            throw SourceError(error)
        }
    }

    struct Place: Equatable {
        var uidValidity: UInt32
        var lastUID: UInt32
        init(uidValidity: UInt32, lastUID: UInt32) { self.uidValidity = uidValidity; self.lastUID = lastUID }
        init?(_ text: String?) {
            guard let parts = text?.split(separator: ":"), parts.count == 2,
                  let v = UInt32(parts[0]), let u = UInt32(parts[1]) else { return nil }
            uidValidity = v
            lastUID = u
        }
        var text: String { "\(uidValidity):\(lastUID)" }
    }

    struct Stop: Error {}

    package func poll<Work: Sendable>(
        from place: String?,
        prepare: @escaping @Sendable (SourceMessage) -> Work,
        visit: (SourceMessage, Work?) -> SourceOutcome,
        commit: () -> Bool,
        keep: (_ place: String) -> Bool
    ) throws(SourceError) {
        let session = try connect()
        session.startPass(seconds: passSeconds)
        // Logging out is a courtesy: the pass's outcome is already decided, and the server ends the session
        // anyway; its answer is not waited for (a round trip, 40 ms from a server across a country).
        defer { session.leave() }
        do {
            try pass(session, Place(place), prepare, visit, commit, keep)
            if session.closedBy == nil { afterPass?(session) }
        } catch let error as SourceError {
            throw error
        } catch let error as IMAPError {
            throw SourceError(error)
        } catch {
            // `pass` throws only those two; anything else is a mistake in this file, said as such.
            throw SourceError(IMAPError.misuse("an IMAP pass ended with an unexpected error: \(error)"))
        }
        lastRoundTrips = session.roundTrips
    }

    /// Throws `IMAPError` from the session, or `SourceError` for messages left in the mailbox.
    func pass<Work: Sendable>(_ session: IMAPSession, _ stored: Place?,
                              _ prepare: @escaping @Sendable (SourceMessage) -> Work,
                              _ visit: (SourceMessage, Work?) -> SourceOutcome, _ commit: () -> Bool,
                              _ keep: (String) -> Bool) throws {
        // STATUS is lighter for the server than opening the mailbox, and when nothing is new it is
        // all a pass asks; the store is not written either.
        if let stored {
            let status = try session.status(endpoint.mailbox)
            lastPassLookedAt = MailboxMark(uidValidity: status.uidValidity, uidNext: status.uidNext)
            if status.uidValidity == stored.uidValidity, status.messages == 0 || status.uidNext <= stored.lastUID &+ 1 {
                lastPassFoundNothing = true
                return
            }
        }
        onNews?()
        // A message larger than intake reads is never fetched: it would end every pass, and the mail after
        // it would wait for good. It stays in the mailbox, and the pass says so once.
        let largest = endpoint.limits.maxMessageBytes
        let large = "LARGER \(largest)", criteria = (keepInInbox ? "NOT KEYWORD $Intake " : "") + "NOT LARGER \(largest)"
        // The searches go with the SELECT where the server can; they count only if the mailbox was not renumbered.
        let (mailbox, searched) = try session.select(endpoint.mailbox, searchingAfter: stored?.lastUID ?? 0,
                                                     ifValidity: stored?.uidValidity, matching: [large, criteria])
        // Read before the search: whatever the search misses has a UID at or above this UIDNEXT.
        if mailbox.uidNext != 0 { lastPassLookedAt = MailboxMark(uidValidity: mailbox.uidValidity, uidNext: mailbox.uidNext) }
        var place = stored ?? Place(uidValidity: mailbox.uidValidity, lastUID: 0)
        if place.uidValidity != mailbox.uidValidity {
            // The server renumbered the mailbox: every UID is new again. The store's dedupe (SHA-256,
            // Message-ID) keeps what was filed from being filed twice.
            logger.warning("UIDVALIDITY of \(endpoint.mailbox) changed from \(place.uidValidity) to \(mailbox.uidValidity); reading the mailbox again")
            place = Place(uidValidity: mailbox.uidValidity, lastUID: 0)
        }
        // Nothing can be new when the next UID to be given is just past the last one handled.
        lastPassFoundNothing = mailbox.exists == 0 || mailbox.uidNext <= place.lastUID &+ 1
        if lastPassFoundNothing {
            if place != stored { _ = keep(place.text) }
            return
        }
        lastPassFoundNothing = true
        var tooLarge = TooLargeMessages(mailbox: endpoint.mailbox, largest: largest)
        var completed = true
        if let found = try searched ?? session.fewNewUIDs(after: place.lastUID, in: mailbox, matching: [large, criteria]) {
            // With the SELECT, or on their own: one round trip for both where the server has ESEARCH.
            tooLarge.add(found[0])
            if !found[1].isEmpty {
                lastPassFoundNothing = false
                completed = try handle(found[1], session, mailbox, &place, prepare, visit, commit, keep)
            }
        } else {
            try session.newUIDs(after: place.lastUID, in: mailbox, matching: large) { uids in
                tooLarge.add(uids)
                return true
            }
            try session.newUIDs(after: place.lastUID, in: mailbox, matching: criteria) { uids in
                lastPassFoundNothing = false
                completed = try handle(uids, session, mailbox, &place, prepare, visit, commit, keep)
                return completed
            }
        }
        guard completed, tooLarge.count > 0 else { return }
        // Said once: the next pass starts past them, and they wait in the mailbox for a person.
        place.lastUID = max(place.lastUID, tooLarge.highest)
        guard keep(place.text) else { return }
        throw SourceError.message(tooLarge)
    }

    /// Fetches, files and marks one window of new UIDs, batch by batch; false when the pass must end.
    func handle<Work: Sendable>(_ uids: [UInt32], _ session: IMAPSession, _ mailbox: MailboxState, _ place: inout Place,
                                _ prepare: @escaping @Sendable (SourceMessage) -> Work,
                                _ visit: (SourceMessage, Work?) -> SourceOutcome, _ commit: () -> Bool,
                                _ keep: (String) -> Bool) throws -> Bool {
        var stopped = false
        var start = 0
        while start < uids.count, !stopped {
            let batch = Array(uids[start..<min(uids.count, start + batchSize)])
            start += batch.count
            var settle: [String: [UInt32]] = [:]
            var firstFailure: UInt32? = nil
            var lastHandled = place.lastUID
            do {
                let validity = mailbox.uidValidity
                // The fetch thread parses each message as it arrives; this thread decides and files.
                try session.fetch(batch, inFlight: inFlight, prepare: { fetched in
                    let message = SourceMessage(sourceID: "\(validity)/\(fetched.uid)", raw: .success(fetched.bytes))
                    return Handed(uid: fetched.uid, deliveredThrough: fetched.deliveredThrough, message: message, work: prepare(message))
                }) { fetched in
                    switch visit(fetched.message, fetched.work) {
                    case .filed(_, let folder):
                        settle[folder, default: []].append(fetched.uid)
                    case .alreadyOnFile(let folder):
                        if let folder { settle[folder, default: []].append(fetched.uid) }
                    case .failed:
                        if firstFailure == nil { firstFailure = fetched.uid }
                    case .stop:
                        throw Stop()
                    }
                    // Servers answer pipelined FETCHes out of order: only what is delivered without
                    // a gap below it may count as handled, or a stop would skip messages for good.
                    lastHandled = max(lastHandled, fetched.deliveredThrough)
                }
            } catch is Stop {
                stopped = true
            }
            // Nothing is moved, flagged or counted as handled before its case is committed.
            guard commit() else { return false }
            try mark(session, settle)
            // Never move the place past a message that failed: it is offered again next pass.
            if let failed = firstFailure {
                place.lastUID = max(place.lastUID, failed - 1)
                _ = keep(place.text)
                return false
            }
            place.lastUID = stopped ? lastHandled : max(place.lastUID, batch.last ?? place.lastUID)
            guard keep(place.text) else { return false }
        }
        return !stopped
    }

    /// Opens the mailbox on `session` to wait on it (IDLE), and says whether it may already hold
    /// mail the last pass never saw: mail that arrived after that pass searched (while it fetched
    /// and filed, or since), or any mail when no pass has looked yet or the mailbox was renumbered.
    /// IDLE announces only what arrives after it starts, never what is already there: wait only
    /// when this is false, else pass again first.
    ///
    /// A message the last pass saw but could not file is not news: the next pass, which a wake-up
    /// or the safety-net timer brings, offers it again, so a message that keeps failing never
    /// spins the loop.
    package func selectToWait(_ session: IMAPSession) throws(IMAPError) -> Bool {
        let mailbox = try session.select(endpoint.mailbox)
        // RFC 3501 requires UIDNEXT in SELECT's answer; STATUS always carries it.
        let uidNext = mailbox.uidNext != 0 ? mailbox.uidNext : try session.status(endpoint.mailbox).uidNext
        guard let seen = lastPassLookedAt, seen.uidValidity == mailbox.uidValidity else { return true }
        return uidNext > seen.uidNext
    }

    /// Marks filed messages on the server: moved to their case's folder, or flagged.
    func mark(_ session: IMAPSession, _ settle: [String: [UInt32]]) throws {
        for (folder, uids) in settle.sorted(by: { $0.key < $1.key }) where !uids.isEmpty {
            if keepInInbox {
                try session.addKeyword("$Intake", to: uids)
            } else {
                try session.move(uids, to: folderPrefix + "/" + folder)
            }
        }
    }
}

/// Where a mailbox's numbering stood when it was looked at: every message that arrives later gets a
/// UID at or above `uidNext` (RFC 3501 §2.3.1.1), so a larger UIDNEXT means mail arrived since.
package struct MailboxMark: Sendable, Equatable {
    package var uidValidity: UInt32
    package var uidNext: UInt32

    package init(uidValidity: UInt32, uidNext: UInt32) {
        self.uidValidity = uidValidity
        self.uidNext = uidNext
    }
}

/// A fetched message on its way from the fetch thread, with the pipeline's work on it.
struct Handed<Work: Sendable>: Sendable {
    var uid: UInt32
    var deliveredThrough: UInt32
    var message: SourceMessage
    var work: Work
}

/// Messages of the mailbox larger than intake reads, left there: the pass's other mail is filed, and
/// this says which are left and why.
package struct TooLargeMessages: Error, Sendable, CustomStringConvertible {
    package var mailbox: String
    package var largest: Int
    /// How many; their UIDs, the first few.
    package private(set) var count = 0
    package private(set) var uids: [UInt32] = []
    package private(set) var highest: UInt32 = 0

    init(mailbox: String, largest: Int) {
        self.mailbox = mailbox
        self.largest = largest
    }

    mutating func add(_ more: [UInt32]) {
        count += more.count
        uids += more.prefix(max(0, 10 - uids.count))
        highest = max(highest, more.max() ?? 0)
    }

    package var description: String {
        let listed = uids.map(String.init).joined(separator: ", ") + (count > uids.count ? ", …" : "")
        return "\(count) message\(count == 1 ? " is" : "s are") larger than the largest intake reads (\(largest / 1_000_000) MB) "
            + "and \(count == 1 ? "was" : "were") left in \(mailbox), not filed (UID \(listed)); the rest of the mailbox was filed. "
            + "Read \(count == 1 ? "it" : "them") by hand, or forward the letter without its large attachments"
    }
}
