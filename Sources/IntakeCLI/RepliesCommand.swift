import ArgumentParser
import Filing
import Foundation
import Outbox

/// `intake replies`: the outbox — what intake replied or will reply to requesters, and a person's part in it.
struct RepliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replies",
        abstract: "The outbox: list and show replies, send a held one, drop one, or send what is due.",
        discussion: """
            A reply is recorded with the decision that made it, then sent (or held for a person, as intake.yaml's \
            `replies:` says per verdict). States: held, queued, sending, sent, failed, dropped. ID is a case id or \
            a reply's Message-ID. --dry-run prints what would go and changes nothing.
            """,
        subcommands: [List.self, Show.self, Send.self, Drop.self, Dispatch.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line a reply, under a header row; --state; --json.")
        @Option(help: ArgumentHelp("Only replies in this state: \(ReplyState.names.joined(separator: ", ")).", valueName: "state")) var state: String?
        @Flag(help: "One JSON array of objects.") var json = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let wanted: ReplyState?
            if let state {
                guard let s = ReplyState(rawValue: state) else {
                    throw Failure.config("--state \(state) is not a reply state; the states are \(ReplyState.names.joined(separator: ", "))")
                }
                wanted = s
            } else {
                wanted = nil
            }
            let store = try storeOption.openExisting(configOption.load())
            let replies: [ReplyRecord]
            do { replies = try store.allReplies(state: wanted) } catch { throw Failure.runtime(error.description) }
            if json { printOut(String(decoding: ReplyJSON.list(replies), as: UTF8.self)); return }
            if replies.isEmpty { printOut("intake: no replies\(wanted.map { " \($0.rawValue)" } ?? "") in \(store.directory)"); return }
            printOut("intake: \(replies.count) repl\(replies.count == 1 ? "y" : "ies")\(wanted.map { " \($0.rawValue)" } ?? "") in \(store.directory)")
            printOut(Formatting.pad("CASE", 14) + Formatting.pad("N", 3) + Formatting.pad("STATE", 9) + Formatting.pad("KIND", 10)
                     + Formatting.pad("LANG", 5) + Formatting.pad("TO", 32) + "MESSAGE-ID")
            for r in replies { printOut(Self.line(r)) }
        }

        static func line(_ r: ReplyRecord) -> String {
            Formatting.pad(r.caseID, 14) + Formatting.pad("\(r.sequence)", 3) + Formatting.pad(r.state.rawValue, 9) + Formatting.pad(r.reply.kind, 10)
                + Formatting.pad(r.reply.language, 5) + Formatting.pad(r.reply.recipient, 32) + r.messageID
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "One reply: its state, its log and the message's text.",
            discussion: "ID is a reply's Message-ID, or a case id (its latest reply). Example: intake replies show LX-2026-0004")
        @Argument(help: ArgumentHelp("Case id or reply Message-ID.", valueName: "id")) var id: String
        @Flag(help: "The reply as one JSON object, its message's text under \"message\".") var json = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            do {
                let all = try store.findReplies(id)
                guard let r = all.last else { throw Failure.runtime(FilingError.replyNotFound(id).description) }
                if json { printOut(String(decoding: ReplyJSON.show(r), as: UTF8.self)); return }
                printOut(RepliesCommand.describe(r, events: try store.events(of: r.caseID), others: all.dropLast().map(\.messageID)))
            } catch let error as FilingError {
                throw Failure.runtime(error.description)
            }
        }
    }

    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send", abstract: "Send a held reply (or try a failed one again).",
            discussion: """
                The reply is released (the case's log says who) and sent with the next pass; this command runs that pass \
                when an SMTP server is configured and this intake can reach it, else it says why and the reply waits, queued. \
                ID is a reply's Message-ID, or a case id with one held or failed reply. --dry-run prints what would go.
                """)
        @Argument(help: ArgumentHelp("Case id or reply Message-ID.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Why, for the log (optional).", valueName: "text")) var note: String?
        @Option(help: ArgumentHelp("Who sends; default the user running intake.", valueName: "name")) var by: String?
        @Flag(name: .customLong("dry-run"), help: "Print what would go; change nothing.") var dryRun = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let config = try configOption.load()
            let store = try storeOption.openExisting(config)
            try RepliesCommand.changing(store) {
                let r = try RepliesCommand.pick(id, in: store, states: [.held, .failed, .queued], doing: "send")
                if dryRun {
                    printOut("intake: would send \(r.messageID) (\(r.state.rawValue)) to \(r.reply.recipient) from \(r.reply.sender): \(r.reply.subject)")
                    printOut(String(decoding: r.reply.bytes, as: UTF8.self))
                    return
                }
                let person = try RepliesCommand.person(by)
                if r.state != .queued { try store.releaseReply(r.messageID, by: person, note: note) }
                printOut("intake: \(r.messageID) released for sending by \(person)")
                try RepliesCommand.dispatch(store, config)
            }
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop", abstract: "Decide a reply never goes (held, queued or failed), with why.",
            discussion: "ID is a reply's Message-ID, or a case id with one reply not yet sent. Example: intake replies drop LX-2026-0004 --note \"answered by phone\"")
        @Argument(help: ArgumentHelp("Case id or reply Message-ID.", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("Why: kept in the audit log.", valueName: "text")) var note: String
        @Option(help: ArgumentHelp("Who decides; default the user running intake.", valueName: "name")) var by: String?
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !note.isEmpty else { throw Failure.config("--note must say why: it is the record of the decision") }
            let store = try storeOption.openExisting(configOption.load())
            try RepliesCommand.changing(store) {
                let r = try RepliesCommand.pick(id, in: store, states: [.held, .queued, .failed], doing: "drop")
                let person = try RepliesCommand.person(by)
                try store.dropReply(r.messageID, by: person, note: note)
                printOut("intake: \(r.messageID) to \(r.reply.recipient) dropped by \(person); it is never sent")
            }
        }
    }

    struct Dispatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispatch", abstract: "Send what is due: interrupted replies checked first, then queued ones, then Sent-folder copies.",
            discussion: "--dry-run prints what would go and changes nothing (it needs no server).")
        @Flag(name: .customLong("dry-run"), help: "Print what would go; change nothing.") var dryRun = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let config = try configOption.load()
            let store = try storeOption.openExisting(config)
            let lock: StoreLock
            do { lock = try store.lock() } catch { throw Failure.runtime(error.description) }
            defer { lock.release() }
            if dryRun {
                let plan: DispatchPlan
                do { plan = try ReplyDispatcher.plan(store: store) } catch { throw Failure.runtime(error.description) }
                for r in plan.interrupted { printOut("would look for \(r.messageID) in the Sent folder (interrupted while being sent), and send it only if it is not there") }
                for r in plan.due { printOut("would send \(r.messageID) to \(r.reply.recipient): \(r.reply.subject)") }
                for r in plan.toCopy { printOut("would copy \(r.messageID) to the Sent folder") }
                let total = plan.interrupted.count + plan.due.count + plan.toCopy.count
                printOut("intake: dry run: \(total == 0 ? "nothing is due" : "\(plan.due.count) to send, \(plan.interrupted.count) to check, \(plan.toCopy.count) to copy"); nothing was changed")
                return
            }
            try RepliesCommand.dispatch(store, config)
        }
    }

    // MARK: - Shared

    /// A change to the outbox under the store's lock: a reply in the wrong state for it is the user's to
    /// mend (exit 2), any other store fault a runtime one (exit 1).
    static func changing(_ store: CaseStore, _ body: () throws -> Void) throws {
        let lock: StoreLock
        do { lock = try store.lock() } catch { throw Failure.runtime(error.description) }
        defer { lock.release() }
        do { try body() } catch let error as FilingError {
            if case .replyState = error { throw Failure.config(error.description) }
            throw Failure.runtime(error.description)
        }
    }

    /// One pass of the dispatcher, when this intake can send; else why not, with exit 1 (what is queued waits).
    static func dispatch(_ store: CaseStore, _ config: Configuration) throws {
        let events: [DispatchEvent]
        do { events = try ReplyTransports.dispatch(store, config) } catch let error as DispatchError { throw Failure.runtime(error.description) }
        for e in events { printOut("intake: " + e.description) }
        if events.isEmpty { printOut("intake: no reply was due") }
    }

    /// After a command decided a case (`cases decide`, `reprocess`): the reply that decision recorded (held or
    /// queued), or why it made none; a queued one is sent now when this intake can, else it waits in the outbox
    /// for the next poll or watch. `decidedAt` is the decision's time, which its reply and log lines carry.
    static func announce(_ caseID: String, decidedAt: String, store: CaseStore, config: Configuration) throws {
        let replies = try store.findReplies(caseID).filter { $0.createdAt == decidedAt }
        for e in try store.events(of: caseID) where e.kind == "reply-withheld" && e.at == decidedAt { printOut("intake: " + e.detail) }
        for r in replies {
            printOut("intake: reply \(r.messageID) (\(r.reply.kind), \(r.reply.language)) to \(r.recipient) "
                     + (r.state == .held ? "held for a person (`intake replies send`)" : "queued"))
        }
        guard replies.contains(where: { $0.state == .queued }), config.smtp != nil else { return }
        do { try dispatch(store, config) } catch let failure as Failure {
            printOut("intake: the reply waits in the outbox: \(failure.message)")
        }
    }

    /// The reply an ID names for a command that acts on one: a Message-ID, or a case id with exactly one reply
    /// in `states`.
    static func pick(_ id: String, in store: CaseStore, states: [ReplyState], doing: String) throws -> ReplyRecord {
        let all = try store.findReplies(id)
        guard !all.isEmpty else { throw Failure.runtime(FilingError.replyNotFound(id).description) }
        if all.count == 1 || all.contains(where: { $0.messageID == FilingText.bare(id) }) {
            return all.first { $0.messageID == FilingText.bare(id) } ?? all[0]
        }
        let candidates = all.filter { states.contains($0.state) }
        guard candidates.count == 1 else {
            throw Failure.config("\(id) has \(candidates.isEmpty ? "no reply" : "\(candidates.count) replies") to \(doing) among "
                + all.map { "\($0.messageID) (\($0.state.rawValue))" }.joined(separator: ", ") + "; name one by its Message-ID")
        }
        return candidates[0]
    }

    static func person(_ by: String?) throws -> String {
        let person = (by ?? CasesDecideCommand.userName()).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !person.isEmpty else { throw Failure.config("--by needs a name") }
        return person
    }

    static func describe(_ r: ReplyRecord, events: [CaseEvent], others: [String]) -> String {
        var out = ["\(r.messageID)  \(r.state.rawValue)"]
        out.append("  Case        \(r.caseID) (reply \(r.sequence))" + (others.isEmpty ? "" : "; its other replies: " + others.joined(separator: ", ")))
        out.append("  Kind        \(r.reply.kind), in \(r.reply.language)")
        out.append("  From        \(r.reply.sender)")
        out.append("  To          \(r.reply.recipient)")
        out.append("  Subject     \(r.reply.subject)")
        out.append("  Recorded    \(r.createdAt)" + (r.sentAt.map { "   sent \($0)" } ?? "") + (r.copiedAt.map { "   in the Sent folder \($0)" } ?? ""))
        if r.attempts > 0 || r.nextAttemptAt != nil {
            out.append("  Attempts    \(r.attempts)" + (r.nextAttemptAt.map { ", next after \($0)" } ?? ""))
        }
        if let error = r.lastError { out.append("  Server said \(error)") }
        out.append("Log")
        for e in events where e.kind.hasPrefix("reply-") && e.detail.contains(r.messageID) {
            out.append("  \(e.at)  \(Formatting.pad(e.kind, 19)) \(e.by.map { "[\($0)] " } ?? "")\(e.detail)")
        }
        out.append("Message")
        out.append(String(decoding: r.reply.bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n"))
        return out.joined(separator: "\n")
    }
}

private enum FilingText {
    static func bare(_ id: String) -> String { id.hasPrefix("<") && id.hasSuffix(">") ? String(id.dropFirst().dropLast()) : id }
}
