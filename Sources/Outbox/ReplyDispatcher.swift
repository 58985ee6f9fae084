package import Filing
import Glibc

/// Sends what the outbox holds, exactly once as far as the store can know it:
///
/// 1. A reply found `sending` (a run stopped between marking it and recording the server's answer) is
///    looked for in the Sent folder by its Message-ID first: there, it went (marked sent); not there, it is
///    submitted again; the Sent folder cannot be asked, it waits for the next pass. Nothing is sent twice
///    on a guess.
/// 2. Each due reply is marked `sending` and committed BEFORE it is submitted; on `.accepted` it is marked
///    sent (the "submitted" mark, committed right after the 2xx), on `.retryLater` it waits (RetrySchedule;
///    out of tries, failed), on `.refused` it is failed with the server's words. The case is never touched.
/// 3. Each sent reply the Sent folder does not have yet is appended there (after looking for it, so a run
///    stopped between the append and its mark does not leave two copies). A failure there is logged and
///    tried again next pass; it never sends the reply again.
///
/// What can still go twice: a run killed after the server took the reply (its end of DATA) and before the
/// `sent` mark is committed — the 2xx not yet read, or read and the commit (one fsync) not done. The reply
/// is then `sending` and not in the Sent folder (its copy is appended after the mark), so the next pass
/// submits it again. SMTP gives no way to ask a server whether it took a message (RFC 1047), so this window
/// is the protocol's; it is as short as one answer and one commit. What is never lost: a reply is recorded
/// before anything is sent, a `sending` one whose fate is unknown waits rather than being given up, and a
/// failed or dropped one stays on file for a person.
package struct ReplyDispatcher: Sendable {
    package let store: CaseStore
    package let transport: any ReplyTransport
    package let sentFolder: any SentFolder
    package var schedule: RetrySchedule
    /// Seconds since 1970; the tests move it to reach a back-off's end.
    package var clock: @Sendable () -> Int
    /// A test hook: when it answers true at a step, the pass ends there with `DispatchError.stopped`, as a kill
    /// would (what is committed stays, nothing after it happens). Steps that commit are also `FaultPoint`s.
    package var stopAt: (@Sendable (DispatchStep) -> Bool)?

    package init(store: CaseStore, transport: any ReplyTransport, sentFolder: any SentFolder, schedule: RetrySchedule = .standard,
                 clock: @escaping @Sendable () -> Int = ReplyDispatcher.systemClock) {
        self.store = store
        self.transport = transport
        self.sentFolder = sentFolder
        self.schedule = schedule
        self.clock = clock
    }

    package static let systemClock: @Sendable () -> Int = {
        var t = timespec()
        clock_gettime(CLOCK_REALTIME, &t)
        return Int(t.tv_sec)
    }

    /// One pass: interrupted replies, then due ones, then Sent-folder copies.
    package func dispatch() throws(DispatchError) -> [DispatchEvent] {
        var events: [DispatchEvent] = []
        do {
            for r in try store.allReplies(state: .sending) {
                let there: Bool
                do { there = try sentFolder.contains(messageID: r.messageID) } catch {
                    events.append(.unresolved(r.messageID, reason: "interrupted while being sent, and the Sent folder cannot be asked (\(error)); "
                        + "it waits, not sent again on a guess"))
                    continue
                }
                if there {
                    try store.markSent(r.messageID, detail: "found in the Sent folder after an interrupted run; not sent again")
                    try store.markCopied(r.messageID)
                    events.append(.recovered(r.messageID))
                } else {
                    try submit(r, events: &events)
                }
            }
            for r in try store.dueReplies(now: Timestamp.string(epochSeconds: clock())) {
                try stop(.beforeMarkSending)
                try store.markSending(r.messageID)
                try stop(.afterMarkSending)
                try submit(r, events: &events)
            }
            for r in try store.repliesToCopy() {
                try copy(r, events: &events)
            }
        } catch let error as FilingError {
            throw .store(error)
        } catch let error as DispatchError {
            throw error
        } catch {
            throw .store(.database(path: store.directory, reason: "\(error)"))
        }
        return events
    }

    /// A reply already marked `sending`: to the server, and its answer recorded.
    private func submit(_ r: ReplyRecord, events: inout [DispatchEvent]) throws {
        let outcome = transport.submit(r.reply.bytes, from: r.reply.sender, to: [r.reply.recipient])
        switch outcome {
        case .accepted:
            try stop(.acceptedBeforeMarkSent)
            try store.markSent(r.messageID)
            try stop(.afterMarkSentBeforeCopy)
            events.append(.sent(r.messageID))
        case .retryLater(let reason):
            let attempt = r.attempts + 1
            if attempt >= schedule.maxAttempts {
                let why = "gave up after \(attempt) tries; the last answer: \(reason)"
                try store.markFailed(r.messageID, reason: why)
                events.append(.failed(r.messageID, reason: why))
            } else {
                let next = Timestamp.string(epochSeconds: clock() + schedule.delay(afterAttempt: attempt))
                try store.markRetry(r.messageID, reason: reason, next: next)
                events.append(.retry(r.messageID, reason: reason, next: next))
            }
        case .refused(let reason):
            try store.markFailed(r.messageID, reason: reason)
            events.append(.failed(r.messageID, reason: reason))
        }
    }

    /// The Sent folder's copy of a sent reply: looked for first, appended only when missing.
    private func copy(_ r: ReplyRecord, events: inout [DispatchEvent]) throws {
        do {
            if try !sentFolder.contains(messageID: r.messageID) {
                try sentFolder.append(r.reply.bytes)
                try stop(.afterAppendBeforeMarkCopied)
            }
        } catch let error as DispatchError {
            throw error
        } catch {
            try store.copyFailed(r.messageID, reason: "\(error)")
            events.append(.copyFailed(r.messageID, reason: "\(error)"))
            return
        }
        try store.markCopied(r.messageID)
        events.append(.copied(r.messageID))
    }

    private func stop(_ step: DispatchStep) throws(DispatchError) {
        if let stopAt, stopAt(step) { throw .stopped(at: step) }
    }

    /// What a pass would do, changing nothing and asking no server: `--dry-run`.
    package static func plan(store: CaseStore, now: Int = systemClock()) throws(FilingError) -> DispatchPlan {
        DispatchPlan(interrupted: try store.allReplies(state: .sending), due: try store.dueReplies(now: Timestamp.string(epochSeconds: now)),
                     toCopy: try store.repliesToCopy())
    }
}

/// The steps of a pass a test can stop at (a kill there).
package enum DispatchStep: String, Sendable, CaseIterable {
    case beforeMarkSending = "before marking a reply sending"
    case afterMarkSending = "after marking a reply sending, before submitting it"
    case acceptedBeforeMarkSent = "after the server accepted a reply, before marking it sent"
    case afterMarkSentBeforeCopy = "after marking a reply sent, before its Sent-folder copy"
    case afterAppendBeforeMarkCopied = "after appending the Sent-folder copy, before marking it copied"
}

package enum DispatchError: Error, Sendable, CustomStringConvertible {
    case store(FilingError)
    case stopped(at: DispatchStep)

    package var description: String {
        switch self {
        case .store(let e): return e.description
        case .stopped(let step): return "the reply pass was stopped \(step.rawValue)"
        }
    }
}

/// What a pass did to one reply.
package enum DispatchEvent: Sendable, Equatable, CustomStringConvertible {
    case sent(String)
    /// Interrupted while being sent, found in the Sent folder: it went, and is not sent again.
    case recovered(String)
    case retry(String, reason: String, next: String)
    case failed(String, reason: String)
    case copied(String)
    case copyFailed(String, reason: String)
    /// Interrupted while being sent, and the Sent folder could not say whether it went: it waits.
    case unresolved(String, reason: String)

    package var messageID: String {
        switch self {
        case .sent(let id), .recovered(let id), .retry(let id, _, _), .failed(let id, _), .copied(let id), .copyFailed(let id, _), .unresolved(let id, _):
            return id
        }
    }

    package var description: String {
        switch self {
        case .sent(let id): return "<\(id)> sent"
        case .recovered(let id): return "<\(id)> was sent before an interruption (found in the Sent folder); not sent again"
        case .retry(let id, let reason, let next): return "<\(id)> not sent: \(reason); tried again after \(next)"
        case .failed(let id, let reason): return "<\(id)> failed: \(reason)"
        case .copied(let id): return "<\(id)> copied to the Sent folder"
        case .copyFailed(let id, let reason): return "<\(id)> sent; its Sent-folder copy waits: \(reason)"
        case .unresolved(let id, let reason): return "<\(id)> \(reason)"
        }
    }
}

/// What a pass would do: `--dry-run`.
package struct DispatchPlan: Sendable {
    /// Found `sending`: each is looked for in the Sent folder, and submitted again only when not there.
    package var interrupted: [ReplyRecord]
    /// Queued and due: each is submitted.
    package var due: [ReplyRecord]
    /// Sent, their Sent-folder copy missing: each is appended there.
    package var toCopy: [ReplyRecord]
}
