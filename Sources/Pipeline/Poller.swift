import Synchronization
import Glibc
package import Filing
import Extraction
import Foundation
package import Logging
package import MailSources
import MIME
package import RuleEngine

/// One pass over a source: every new message is decided and filed exactly once; a message that
/// cannot be read or parsed is filed for review; a failure on one message never stops the rest.
package struct Poller {
    let rules: DeciderLoader
    package let store: CaseStore
    package var logger: Logger
    /// A message whose processing has started this many times without being filed is quarantined.
    package var maxAttempts = 3

    /// Silent unless the caller gives a logger: a library does not choose where its lines go.
    package static var silent: Logger { Logger(label: "intake.poll", factory: { _ in SwiftLogNoOpLogHandler() }) }

    package init(decider: Decider, store: CaseStore, logger: Logger = Poller.silent) {
        self.init(rules: DeciderLoader(decider), store: store, logger: logger)
    }

    /// Rules loaded only when a message arrives: a pass that finds nothing new never reads them.
    package init(rules: DeciderLoader, store: CaseStore, logger: Logger = Poller.silent) {
        self.rules = rules
        self.store = store
        self.logger = logger
    }

    package enum Result: Sendable {
        case filed(CaseRecord)
        /// A follow-up joined the case it names (`after`, decided again on all its messages); committed
        /// when handed back. `before` is the case's verdict before it joined.
        case joined(CaseRecord, before: Verdict, sourceID: String)
        case alreadyOnFile(sourceID: String, folder: String?)
        case failed(sourceID: String, reason: String)
        /// The store failed while this message was in hand (disk full, permissions, database): the pass
        /// stops, and the message is offered again as it was — its fault it was not.
        case stopped(sourceID: String, error: FilingError)
    }

    package struct Summary: Sendable {
        package var seen = 0
        package var filed: [CaseRecord] = []
        /// Cases a follow-up joined, as they stand after it (a case twice when two joined it).
        package var joined: [CaseRecord] = []
        package var alreadyOnFile = 0
        package var failures: [(sourceID: String, reason: String)] = []
        package func count(_ verdict: Verdict) -> Int { filed.filter { $0.verdict == verdict }.count }
    }

    /// How each decision answers its requester (a reply recorded with the case, queued or held, or why
    /// none); nil: no reply is made (no SMTP server configured). Sending is the outbox's, after the pass.
    package var replying: Replying? = nil

    /// Cases staged before they are committed together: one flush of the disk and one transaction
    /// per group, each group committing on a thread of its own while the next is decided and staged.
    /// A crash loses at most two groups' work, which the next pass does again.
    package var groupSize = 32

    /// One pass. `shouldStop` is asked before each message: a graceful stop finishes the message in
    /// hand and hands over no more. `each` hears of every message once its case is committed (or
    /// its filing failed), in the order the source gave them. The source's place is kept in the store.
    package func run<Source: MailSource>(_ source: Source, shouldStop: () -> Bool = { false },
                    each: (Result) -> Void = { _ in }) throws(PipelineError) -> Summary {
        var summary = Summary()
        var fatal: PipelineError? = nil
        // Results since the last commit, in the source's order; filed ones are only staged.
        var waiting: [Result] = []
        // A full group committing on a thread of its own while the next one is staged, with its results.
        var aside: (commit: GroupCommit, group: [Result])? = nil
        // Why a group commit failed: the pass hands over no more, and nothing since is acted on.
        var commitError: FilingError? = nil

        /// Tells of a group's results, once its commit has ended (`failure`: why none of its cases is on file).
        func report(_ group: [Result], failure: FilingError?) {
            let failure = failure.map { "filing failed: \($0.description)" }
            for result in group {
                switch result {
                case .filed(let record):
                    if let failure {
                        // Not the message's fault: recorded, not counted against it.
                        store.log("failed", sha256: record.messageSHA256, detail: "\(record.source) \(record.sourceID): \(failure)")
                        logger.error("\(record.sourceID): \(failure)")
                        summary.failures.append((record.sourceID, failure))
                        each(.failed(sourceID: record.sourceID, reason: failure))
                        continue
                    }
                    let rules = record.findings.map(\.rule).joined(separator: ", ")
                    logger.info("\(record.id) \(record.verdict.name)\(rules.isEmpty ? "" : ": " + rules)",
                                metadata: ["source": "\(record.source)", "sourceID": "\(record.sourceID)"])
                    summary.filed.append(record)
                case .joined(let record, _, let sourceID):
                    // Committed on its own when it joined: a failed group commit does not undo it.
                    let rules = record.findings.map(\.rule).joined(separator: ", ")
                    logger.info("\(record.id) \(record.verdict.name) (follow-up joined)\(rules.isEmpty ? "" : ": " + rules)",
                                metadata: ["sourceID": "\(sourceID)"])
                    summary.joined.append(record)
                case .alreadyOnFile: summary.alreadyOnFile += 1
                case .failed(let id, let reason): summary.failures.append((id, reason))
                case .stopped(let id, let error): summary.failures.append((id, error.description))
                }
                each(result)
            }
        }

        /// Waits for the group committing aside, and tells of it. When it failed, the cases staged since
        /// are dropped too (they were decided with that group counted as on file) and told of as not filed.
        func settle() -> Bool {
            guard let (group, results) = aside else { return commitError == nil }
            aside = nil
            do throws(FilingError) { try group.wait() } catch {
                commitError = error
                store.discardStaged()
                report(results + waiting, failure: error)
                waiting = []
                return false
            }
            report(results, failure: nil)
            return commitError == nil
        }

        /// Commits what is staged, and tells of it; false when a commit failed (this one or one before).
        func commit() -> Bool {
            guard settle() else { return false }
            guard !waiting.isEmpty else { return true }
            let group = waiting
            waiting = []
            do throws(FilingError) { try store.commitStaged() } catch {
                commitError = error
                report(group, failure: error)
                return false
            }
            report(group, failure: nil)
            return true
        }

        /// Begins committing what is staged on a thread of its own, once the group before has ended: the
        /// disk flush of one group overlaps the deciding and staging of the next.
        func commitAside() -> Bool {
            guard settle() else { return false }
            guard !waiting.isEmpty else { return true }
            aside = (store.commitStagedAside(), waiting)
            waiting = []
            return true
        }

        let sourceName = source.name
        /// Keeps where the source got to; a store that cannot is the pass's end, as a failed commit is.
        func keep(_ place: String) -> Bool {
            do throws(FilingError) { try store.setSourceState(sourceName, place) } catch {
                if fatal == nil { fatal = .storeFailed(error) }
                return false
            }
            return true
        }
        let alone = AloneGate()
        // A place the store cannot read is the pass's end: read as "none", the mailbox would start over.
        let place: String?
        do throws(FilingError) { place = try store.sourceState(sourceName) } catch { throw .storeFailed(error) }
        do throws(SourceError) {
            try source.poll(from: place, prepare: { [store, rules] message in
                Self.prepare(message, source: sourceName, store: store, rules: rules, alone: alone)
            }, visit: { message, work in
                // Nil when the source read nothing ahead, or could not read the message.
                let prepared = work.flatMap { $0 }
                // A message handed over to be read alone lets reading ahead go on once it is done with.
                defer { if prepared?.alone == true { alone.release() } }
                if shouldStop() || fatal != nil || commitError != nil { alone.release(); return .stop }
                // A broken rule set stops the pass before anything is decided: never run half of it.
                do throws(PipelineError) { _ = try rules.decider() } catch {
                    fatal = error
                    alone.release()
                    return .stop
                }
                summary.seen += 1
                // A follow-up is looked up among committed cases: the group staged so far is committed first.
                let result = handle(message, prepared: prepared, from: sourceName, flush: { commit() ? nil : commitError })
                if case .stopped(_, let error) = result {
                    fatal = .storeFailed(error)
                    each(result)
                    return .stop
                }
                waiting.append(result)
                let staged = waiting.filter { if case .filed = $0 { return true } else { return false } }.count
                if staged >= groupSize, !commitAside() {
                    return .failed("filing failed; this message is offered again on the next pass")
                }
                switch result {
                case .filed(let record): return .filed(caseID: record.id, folder: record.folder.name)
                case .joined(let record, _, _): return .filed(caseID: record.id, folder: record.folder.name)
                case .alreadyOnFile(_, let folder): return .alreadyOnFile(folder: folder)
                case .failed(_, let reason): return .failed(reason)
                case .stopped(_, let error): return .failed(error.description)
                }
            }, commit: { commit() }, keep: { keep($0) })
        } catch {
            // What was decided before the source failed is still filed: the next pass finds it on file.
            _ = commit()
            throw .source(error)
        }
        _ = commit()
        if let fatal { throw fatal }
        return summary
    }

    /// What `prepare` works out ahead, on the source's reading thread.
    struct Prepared: Sendable {
        var sha256: String
        /// Nil when the message is left for `handle` to read: already on file, or a message an
        /// earlier run died on (read again one at a time, so a crash is charged to its cause alone).
        var reading: Decider.Reading?
        /// The attachments as `request.json` lists them, each hashed.
        var attachments: String?
        /// A message an earlier run died on: nothing is read ahead until it has been handled.
        var alone = false
    }

    /// Holds reading ahead back while a message an earlier run died on is in hand, so that if the
    /// run dies again, that message was the only one in hand and the count is charged to it alone.
    final class AloneGate: Sendable {
        private let held = Mutex(false)
        func hold() { held.withLock { $0 = true } }
        func release() { held.withLock { $0 = false } }
        /// Rare (only after a crash), and short: one message's handling.
        func waitWhileHeld() { while held.withLock({ $0 }) { usleep(200) } }
    }

    /// Hashes, parses and reads a message ahead of `handle`. The store notes which message is being
    /// read, so a message that kills the run here is counted against, and `handle` takes it alone
    /// from then on. Nil for a message the source could not read: there is nothing to work on.
    ///
    /// Letters are read here too, one message at a time, OCR included (seconds a scanned page). Not
    /// spread over workers, on purpose: messages are filed in the source's order (a case staged just
    /// before counts for the next), so the message behind a scan waits for that scan however many
    /// read ahead; a second worker would only overlap two scans in one window, at most twice as fast on
    /// two cores that the fetch and the filing share; and one message read at a time is what lets a
    /// run that dies here be charged to that message alone. The socket is not held up meanwhile: the
    /// fetch's reader thread goes on to its hand-over window.
    static func prepare(_ message: SourceMessage, source: String, store: CaseStore, rules: DeciderLoader,
                        alone: AloneGate = AloneGate()) -> Prepared? {
        alone.waitWhileHeld()
        guard case .success(let raw) = message.raw else { return nil }
        var prepared = Prepared(sha256: CaseStore.sha256(raw), reading: nil)
        let status = store.readAheadStatus(sha256: prepared.sha256, source: source, sourceID: message.sourceID)
        guard !status.known else { return prepared }
        if status.attempts > 0 {
            prepared.alone = true
            alone.hold()
            return prepared
        }
        let decider: Decider
        // Broken rules are not read ahead with: `visit` meets them first and ends the pass saying so.
        do { decider = try rules.decider().cachingLetters(in: store) } catch { return prepared }
        store.markInProgress(.reading, source: source, sourceID: message.sourceID)
        let reading = decider.read(raw)
        prepared.reading = reading
        if !reading.unparseable { prepared.attachments = Reports.attachments(reading.message) }
        store.clearInProgress(.reading)
        return prepared
    }

    /// `flush` commits the cases staged so far (nil, or why it could not), before a follow-up is looked up.
    func handle(_ message: SourceMessage, prepared: Prepared? = nil, from source: String,
                flush: () -> FilingError? = { nil }) -> Result {
        do {
            let raw: [UInt8]
            var notes: [String] = []
            var readError: String? = nil
            switch message.raw {
            case .success(let bytes): raw = bytes
            case .failure(let error):
                raw = []
                readError = error.description
                notes.append("source could not be read: \(error.description)")
            }
            let sha = prepared?.sha256 ?? CaseStore.sha256(raw)
            if readError == nil, try store.isKnown(sha256: sha, source: source, sourceID: message.sourceID) {
                return .alreadyOnFile(sourceID: message.sourceID,
                                      folder: try store.folderOfKnownMessage(sha256: sha, source: source, sourceID: message.sourceID))
            }
            let decider = try rules.decider().cachingLetters(in: store)
            // This attempt, and those that ended with a run dying on it (`recover()` counted them);
            // a message read ahead had none, or it would not have been.
            let attempt = prepared?.reading != nil ? 1 : try store.attemptCount(source: source, sourceID: message.sourceID) + 1
            store.markInProgress(.filing, source: source, sourceID: message.sourceID)
            defer { store.clearInProgress(.filing) }
            let submission: CaseSubmission
            // The decision a reply answers; none for a quarantined message, whose bytes were never read.
            var answered: Decider.Decision? = nil
            if attempt > maxAttempts || readError != nil {
                // Do not touch the bytes again: they stopped intake before (or could not be read at all).
                let why = readError ?? "intake stopped \(attempt - 1) times while working on this message"
                submission = try quarantine(raw, source: source, message: message, why: why)
            } else {
                // The rules run here, in order, so a case staged just before counts for the next.
                let reading = prepared?.reading ?? decider.read(raw)
                var context = Decider.FilingContext()
                let names = reading.unparseable ? FollowUps.Names() : FollowUps.names(in: reading.message)
                if !names.isEmpty {
                    if store.hasStagedCases, let error = flush() { throw error }
                    let found = try FollowUps.find(names, sender: reading.message.from.first?.address, store: store, rules: decider.rules)
                    if let target = found.target {
                        if let id = reading.message.messageID, try store.isMessageIDOnFile(id, source: source) {
                            return .alreadyOnFile(sourceID: message.sourceID,
                                                  folder: try store.folderOfKnownMessage(messageID: id, source: source))
                        }
                        return try join(target, raw: raw, sha256: sha, reading: reading, decider: decider, source: source, message: message,
                                        attempt: attempt)
                    }
                    context.otherOrganizationCases = found.otherOrganizationCases
                }
                // A store that cannot say whether the organization is on file stops here (a FilingError,
                // below): the message stays in the source for the next pass, never filed on a guess.
                let decision = try decider.judge(reading, context: context, casesOnFile: { [store] (organization) throws(FilingError) -> [String] in
                    try store.casesOfOrganization(organization)
                })
                // Last line of defence: the same Message-ID from the same source is the same message
                // come back (moved back by a person, or renumbered by the server).
                if let id = decision.message.messageID, try store.isMessageIDOnFile(id, source: source) {
                    return .alreadyOnFile(sourceID: message.sourceID,
                                          folder: try store.folderOfKnownMessage(messageID: id, source: source))
                }
                answered = decision
                notes += decision.message.defects.map(\.description) + decision.extraction.notes
                submission = Self.submission(decision, raw: raw, source: source, message: message,
                                             rulesVersion: decider.rules.version, notes: notes,
                                             attachments: prepared?.attachments)
            }
            var hashed = submission
            hashed.sha256 = sha
            if attempt > 1, attempt <= maxAttempts, readError == nil {
                // Read and decided this time: the runs that died with it in hand did not die of it. Done
                // before staging, so a store that fails here leaves nothing staged; a run that dies while
                // staging is still charged to the message, by its in-progress mark.
                try store.forgetAttempts(source: source, sourceID: message.sourceID)
            }
            // Decided and staged: should the run die before the commit, it is not this message's doing.
            let record = try store.stage(hashed) { [store, replying] (caseID) throws(FilingError) -> DecisionReply? in
                guard let replying, let answered else { return nil }
                return try replying.reply(to: answered, caseID: caseID, rules: decider.rules, store: store)
            }
            return .filed(record)
        } catch let error as FilingError {
            // The disk, the permissions or the database: not the message's doing, so not counted against it.
            store.log("failed", detail: "\(source) \(message.sourceID): \(error.description)")
            logger.error("\(message.sourceID): \(error.description)")
            return .stopped(sourceID: message.sourceID, error: error)
        } catch {
            let reason = String(describing: error)
            store.failAttempt(source: source, sourceID: message.sourceID, error: reason)
            logger.error("\(message.sourceID): \(reason)")
            return .failed(sourceID: message.sourceID, reason: reason)
        }
    }

    /// Joins a follow-up to its case: the case is decided again on all its messages, this one last, and
    /// the message is filed in it (committed at once, on its own: the case changes in place).
    func join(_ target: CaseRecord, raw: [UInt8], sha256: String, reading: Decider.Reading, decider: Decider, source: String,
              message: SourceMessage, attempt: Int) throws -> Result {
        let personDecision = target.personDecision.flatMap { $0.state == CaseState.decidedByPerson.name ? FollowUps.describe($0) : nil }
        let decision = try decider.decideCase(target, adding: reading, personDecisionBefore: personDecision, store: store)
        var notes = reading.message.defects.map(\.description) + reading.extraction.notes
        notes.append("follow-up of \(target.id)")
        let decided = Self.submission(decision, raw: raw, source: source, message: message, rulesVersion: decider.rules.version, notes: notes)
        // The follow-up's own Message-ID, sender and subject (the union's message is the requester's latest
        // written one, which is not this one when this is an out-of-office answer).
        var followUp = decided
        followUp.sha256 = sha256
        followUp.messageID = reading.message.messageID
        followUp.sender = reading.message.from.first?.address
        followUp.senderDomain = reading.message.from.first?.domain
        followUp.subject = reading.message.subject
        if attempt > 1, attempt <= maxAttempts { try store.forgetAttempts(source: source, sourceID: message.sourceID) }
        // The requester hears of the new decision (an out-of-office answer to our reply joins, but the loop guard keeps it unanswered).
        let reply = try replying.map { (r) throws(FilingError) -> DecisionReply in
            try r.reply(to: decision, caseID: target.id, rules: decider.rules, store: store, arrived: reading.message)
        }
        let after = try store.join(target, followUp: followUp, decision: decided, afterDecision: personDecision, reply: reply)
        return .joined(after, before: target.verdict, sourceID: message.sourceID)
    }

    static func submission(_ d: Decider.Decision, raw: [UInt8], source: String, message: SourceMessage,
                           rulesVersion: String, notes: [String], attachments: String? = nil) -> CaseSubmission {
        let m = d.message
        let fields = CaseJSON.request(d.extraction.fields), findings = CaseJSON.findings(d.findings)
        var s = CaseSubmission(
            raw: raw, source: source, sourceID: message.sourceID, messageID: m.messageID,
            receivedAt: message.receivedAt.map(Timestamp.string(epochSeconds:)) ?? m.date, sender: d.unparseable ? nil : m.from.first?.address,
            senderDomain: d.unparseable ? nil : m.from.first?.domain, subject: m.subject, fields: d.extraction.fields,
            findings: d.findings, verdict: d.verdict, rulesVersion: rulesVersion,
            record: Reports.check(d, attachments: attachments, fields: fields, findings: findings),
            attachments: d.unparseable ? [] : m.attachments.map { FiledAttachment(filename: $0.filename, contentType: $0.contentType, bytes: $0.bytes) },
            notes: notes)
        s.fieldsJSON = String(decoding: fields, as: UTF8.self)
        s.findingsJSON = String(decoding: findings, as: UTF8.self)
        return s
    }

    func quarantine(_ raw: [UInt8], source: String, message: SourceMessage, why: String) throws -> CaseSubmission {
        let decider = try rules.decider()
        // The rule set's own finding for an unread message (the loader refused a set without it); why it
        // was not read is for the team, in the case's log, not for the requester.
        guard let finding = decider.rules.unreadableFinding() else {
            throw PipelineError.rulesInvalid("the rules have no \(RuleSet.unreadableRuleID) rule to file an unread message with")
        }
        let findings = CaseJSON.findings([finding])
        let verdict = Verdict(findings: [finding])
        // Its bytes were never read: no request, not even an empty one.
        let record = CaseJSON.checkRecord(messageID: nil, from: nil, subject: nil, request: nil, attachments: Array("[]".utf8),
                                          verdict: verdict, findings: findings)
        var s = CaseSubmission(raw: raw, source: source, sourceID: message.sourceID, messageID: nil,
                               receivedAt: message.receivedAt.map(Timestamp.string(epochSeconds:)),
                               sender: nil, senderDomain: nil, subject: nil, fields: RequestFields(), findings: [finding],
                               verdict: verdict, rulesVersion: decider.rules.version, record: record,
                               attachments: [], notes: ["quarantined: \(why)"])
        s.findingsJSON = String(decoding: findings, as: UTF8.self)
        return s
    }
}
