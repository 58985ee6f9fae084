import ArgumentParser
import Extraction
import Filing
import Foundation
import Pipeline
import RuleEngine

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "What is on file: list, show one case, decide one, or export all for a licensing audit.",
        subcommands: [List.self, Show.self, Export.self, CasesDecideCommand.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        // Names given, not derived from the type's: deriving one demangles it at every start.
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "One line a case, under a header row; filters; --json.",
            discussion: """
                States: received, decided-by-rules, decided-by-person, closed. Verdicts: accepted, rejected, review.
                --since takes an ISO date (2026-12-01) and keeps the cases filed on or after it; --org keeps the cases
                whose organization name or sender domain contains the text (case-insensitive).
                Example: intake cases list --state decided-by-rules --verdict review --since 2026-12-01 --json
                """)
        @Option(help: ArgumentHelp("Only cases in this state.", valueName: "state")) var state: String?
        @Option(help: ArgumentHelp("Only cases with this verdict: accepted, rejected or review.", valueName: "verdict")) var verdict: String?
        @Option(help: ArgumentHelp("Only cases filed on or after this date (YYYY-MM-DD).", valueName: "date")) var since: String?
        @Option(help: ArgumentHelp("Only cases whose organization or sender domain contains this text.", valueName: "text")) var org: String?
        @Flag(help: "One JSON array of objects (the export's columns; numbers as numbers).") var json = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let filter = try CaseFilter(state: state, verdict: verdict, since: since, organization: org)
            let store = try storeOption.openExisting(configOption.load())
            let all: [CaseRecord]
            do { all = try store.allCases() } catch { throw Failure.runtime(error.description) }
            let cases = all.filter(filter.matches)
            if json { printOut(String(decoding: CaseJSON.list(cases), as: UTF8.self)); return }
            if all.isEmpty { printOut("intake: no cases on file in \(store.directory)"); return }
            let count = "\(cases.count) case\(cases.count == 1 ? "" : "s")"
            printOut(filter.isEmpty ? "intake: \(count) on file in \(store.directory)" : "intake: \(count) of \(all.count) match in \(store.directory)")
            printOut(Formatting.listHeader)
            for record in cases { printOut(Formatting.listLine(record)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Everything on file for one case: fields, findings, history, audit log.",
            discussion: "ID is a case id, a Message-ID or a message's SHA-256. Example: intake cases show LX-2026-0001")
        @Argument(help: ArgumentHelp("Case id, Message-ID or SHA-256.", valueName: "id")) var id: String
        @Flag(help: "The whole case as one JSON object: its columns, request, findings, history and audit log.") var json = false
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            do {
                guard let r = try store.findCase(id) else { throw Failure.runtime(FilingError.caseNotFound(id).description) }
                let serverMove = try store.pendingServerMoves(caseID: r.id).first
                if json {
                    printOut(String(decoding: CaseJSON.show(r, history: try store.history(of: r.id), events: try store.events(of: r.id),
                                                                  messages: try store.messages(of: r.id), serverMove: serverMove), as: UTF8.self))
                    return
                }
                var out = ["\(r.id)  \(Formatting.verdictWord(r.verdict))  (\(r.folder.name)/\(r.id))"]
                out.append("  State       \(r.state.name)")
                if let d = r.personDecision, let decision = d.decision {
                    out.append("  Decision    \(decision) by \(d.by ?? "?") at \(d.at ?? "?"): \(d.note ?? "")   (the rules said \(Verdict(findings: r.findings).word))")
                }
                out.append("  From        \(r.sender ?? "(none)")")
                out.append("  Subject     \(r.subject ?? "(none)")")
                out.append("  Message-ID  \(r.messageID ?? "(none)")")
                out.append("  SHA-256     \(r.messageSHA256)")
                out.append("  Source      \(r.source) \(r.sourceID)")
                if let m = serverMove {
                    out.append("  IMAP copy   waiting in \(m.from.name)/ to move to \(m.to.name)/ since \(m.since)"
                        + (m.lastReason.map { "; last try: \($0)" } ?? "; not tried yet") + " — the next poll or watch on this source moves it")
                }
                out.append("  Filed       \(r.createdAt)   updated \(r.updatedAt)   rules \(r.rulesVersion)")
                var isDir: ObjCBool = false
                let present = FileManager.default.fileExists(atPath: r.path, isDirectory: &isDir) && isDir.boolValue
                out.append("  Archive     \(r.path)" + (present ? "" : "   MISSING: the folder is not in the archive (run `intake store check`)"))
                out.append("Fields")
                for name in RequestFields.fieldNames {
                    out.append("  " + Formatting.pad(name, 31) + (r.fields.value(of: name)?.description ?? "—"))
                }
                out.append("Findings")
                if r.findings.isEmpty { out.append("  none") }
                for f in r.findings { out.append("  \(f.severity.name)  \(f.rule): \(f.message)") }
                let messages = try store.messages(of: r.id)
                if messages.count > 1 {
                    out.append("Messages (the request, then each follow-up that joined it)")
                    for m in messages {
                        out.append("  \(m.addedAt)  \(Formatting.pad(m.role.rawValue, 9)) \(m.file)  \(m.from ?? "(no sender)")  "
                            + "\(m.messageID ?? "(no Message-ID)")" + (m.afterDecision.map { "  after \($0)" } ?? ""))
                    }
                }
                let history = try store.history(of: r.id)
                if !history.isEmpty {
                    out.append("History (earlier decisions)")
                    for h in history { out.append("  \(h.decidedAt)  \(h.verdict.name)  rules \(h.rulesVersion)  \(h.findings.map(\.rule).joined(separator: ", "))") }
                }
                out.append("Audit log")
                for e in try store.events(of: r.id) {
                    out.append("  \(e.at)  \(Formatting.pad(e.kind, 11)) \(e.by.map { "[\($0)] " } ?? "")\(e.detail)")
                }
                printOut(out.joined(separator: "\n"))
            } catch let error as FilingError {
                throw Failure.runtime(error.description)
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Every case, as CSV or JSON, for the sales team and licensing audits.",
            discussion: "Example: intake cases export --format csv > cases.csv")

        enum Format: String, ExpressibleByArgument, CaseIterable { case csv, json }

        @Option(name: .long, help: "csv or json.") var format: Format = .csv
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            let cases: [CaseRecord]
            do { cases = try store.allCases() } catch { throw Failure.runtime(error.description) }
            switch format {
            case .csv:
                printOut(CaseColumns.csvHeader)
                for r in cases { printOut(CaseColumns.csvRow(r)) }
            case .json:
                printOut(String(decoding: CaseJSON.list(cases), as: UTF8.self))
            }
        }
    }
}
