import ArgumentParser
import Extraction
import Filing
import Foundation
import Pipeline
import RuleEngine

struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "What is on file: list, show one case, or export all for a licensing audit.",
        subcommands: [List.self, Show.self, Export.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        // Names given, not derived from the type's: deriving one demangles it at every start.
        static let configuration = CommandConfiguration(commandName: "list", abstract: "One line a case.", discussion: "Example: intake cases list")
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            let cases: [CaseRecord]
            do { cases = try store.allCases() } catch { throw Failure.runtime(error.description) }
            if cases.isEmpty { printOut("intake: no cases on file in \(store.directory)"); return }
            printOut("intake: \(cases.count) case\(cases.count == 1 ? "" : "s") on file in \(store.directory)")
            for record in cases { printOut(Formatting.caseLine(record)) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Everything on file for one case: fields, findings, history, audit log.",
            discussion: "ID is a case id, a Message-ID or a message's SHA-256. Example: intake cases show LX-2026-0001")
        @Argument(help: ArgumentHelp("Case id, Message-ID or SHA-256.", valueName: "id")) var id: String
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var storeOption: StoreOption

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            do {
                guard let r = try store.findCase(id) else { throw Failure.runtime(FilingError.caseNotFound(id).description) }
                var out = ["\(r.id)  \(Formatting.verdictWord(r.verdict))  (\(r.folder.name)/\(r.id))"]
                out.append("  From        \(r.sender ?? "(none)")")
                out.append("  Subject     \(r.subject ?? "(none)")")
                out.append("  Message-ID  \(r.messageID ?? "(none)")")
                out.append("  SHA-256     \(r.messageSHA256)")
                out.append("  Source      \(r.source) \(r.sourceID)")
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
                let history = try store.history(of: r.id)
                if !history.isEmpty {
                    out.append("History (earlier decisions)")
                    for h in history { out.append("  \(h.decidedAt)  \(h.verdict.name)  rules \(h.rulesVersion)  \(h.findings.map(\.rule).joined(separator: ", "))") }
                }
                out.append("Audit log")
                for e in try store.events(of: r.id) { out.append("  \(e.at)  \(Formatting.pad(e.kind, 11)) \(e.detail)") }
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

        static let columns = ["caseId", "verdict", "filedAt", "updatedAt", "sender", "senderDomain", "organization",
                              "department", "organizationKind", "requesterName", "requesterTitle", "product", "domainAccounts",
                              "licensedUsers", "requestedUsers", "maintenance", "findings", "rulesVersion", "messageId", "sha256"]

        func run() throws {
            let store = try storeOption.openExisting(configOption.load())
            let cases: [CaseRecord]
            do { cases = try store.allCases() } catch { throw Failure.runtime(error.description) }
            let rows = cases.map(Self.row)
            switch format {
            case .csv:
                printOut(Self.columns.joined(separator: ","))
                for row in rows { printOut(Self.columns.map { Self.csv(row[$0] ?? nil) }.joined(separator: ",")) }
            case .json:
                let objects = rows.map { row in
                    "{" + Self.columns.map { "\(Reports.quote($0)):\(row[$0].flatMap { $0 }.map(Reports.quote) ?? "null")" }.joined(separator: ",") + "}"
                }
                printOut("[" + objects.joined(separator: ",\n") + "]")
            }
        }

        static func row(_ r: CaseRecord) -> [String: String?] {
            let f = r.fields
            return [
                "caseId": r.id, "verdict": r.verdict.name, "filedAt": r.createdAt, "updatedAt": r.updatedAt,
                "sender": r.sender, "senderDomain": r.senderDomain, "organization": f.organization,
                "department": f.department, "organizationKind": f.organizationKind?.rawValue, "requesterName": f.requesterName,
                "requesterTitle": f.requesterTitle, "product": f.product,
                "domainAccounts": f.domainAccounts.map(String.init), "licensedUsers": f.licensedUsers.map(String.init),
                "requestedUsers": f.requestedUsers.map(String.init), "maintenance": f.maintenance?.rawValue,
                "findings": r.findings.map(\.rule).joined(separator: ";"), "rulesVersion": r.rulesVersion,
                "messageId": r.messageID, "sha256": r.messageSHA256,
            ]
        }

        /// RFC 4180 quoting; a leading =, +, - or @ is prefixed so a spreadsheet never runs it as a formula.
        static func csv(_ value: String?) -> String {
            guard var v = value else { return "" }
            if let first = v.first, "=+-@".contains(first), Int(v) == nil { v = "'" + v }
            if v.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) {
                return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return v
        }
    }
}
