import Filing
import Foundation
import JSONOutput
import Pipeline
import RuleEngine

/// A case as data, one definition for `cases list --json`, `cases export` (CSV and JSON) and the top of
/// `cases show --json`: the columns in order, each with its type, so a count is a number and a
/// commitment a boolean in JSON, and the verdict the word `cases list` prints.
enum CaseData {
    enum Cell {
        case text(String?)
        case number(Int?)
        case flag(Bool?)
        case list([String])
    }

    static let columns: [(name: String, value: @Sendable (CaseRecord) -> Cell)] = [
        ("caseId", { .text($0.id) }),
        ("verdict", { .text($0.verdict.word) }),
        ("state", { .text($0.state.name) }),
        ("decision", { .text($0.personDecision?.decision) }),
        ("decidedBy", { .text($0.personDecision?.by) }),
        ("decisionNote", { .text($0.personDecision?.note) }),
        ("decidedAt", { .text($0.personDecision?.at) }),
        ("filedAt", { .text($0.createdAt) }),
        ("updatedAt", { .text($0.updatedAt) }),
        ("sender", { .text($0.sender) }),
        ("senderDomain", { .text($0.senderDomain) }),
        ("subject", { .text($0.subject) }),
        ("organization", { .text($0.fields.organization) }),
        ("department", { .text($0.fields.department) }),
        ("organizationKind", { .text($0.fields.organizationKind?.rawValue) }),
        ("requesterName", { .text($0.fields.requesterName) }),
        ("requesterTitle", { .text($0.fields.requesterTitle) }),
        ("product", { .text($0.fields.product) }),
        ("domainAccounts", { .number($0.fields.domainAccounts) }),
        ("licensedUsers", { .number($0.fields.licensedUsers) }),
        ("requestedUsers", { .number($0.fields.requestedUsers) }),
        ("reason", { .text($0.fields.reason) }),
        ("activeBelowLimit", { .flag($0.fields.commitments.activeBelowLimit) }),
        ("notifyIfExceeded", { .flag($0.fields.commitments.notifyIfExceeded) }),
        ("allowVerification", { .flag($0.fields.commitments.allowVerification) }),
        ("maintenance", { .text($0.fields.maintenance?.rawValue) }),
        ("findings", { .list($0.findings.map(\.rule)) }),
        ("rulesVersion", { .text($0.rulesVersion) }),
        ("messageId", { .text($0.messageID) }),
        ("sha256", { .text($0.messageSHA256) }),
        // Relative to the store, so an export reads the same wherever the store was opened from.
        ("archivePath", { .text($0.folder.name + "/" + $0.id) }),
    ]

    static var csvHeader: String { columns.map(\.name).joined(separator: ",") }

    static func csvRow(_ r: CaseRecord) -> String {
        columns.map { column in
            switch column.value(r) {
            case .text(let s): return csv(s)
            case .number(let n): return n.map(String.init) ?? ""
            case .flag(let b): return b.map { $0 ? "true" : "false" } ?? ""
            case .list(let items): return csv(items.joined(separator: ";"))
            }
        }.joined(separator: ",")
    }

    /// The case's columns as the members of a JSON object.
    static func fill(_ o: inout JSONWriter.Object, _ r: CaseRecord) {
        for column in columns {
            switch column.value(r) {
            case .text(let s): o.field(column.name, s)
            case .number(let n): o.field(column.name, n)
            case .flag(let b): o.field(column.name, b)
            case .list(let items): o.strings(column.name, items)
            }
        }
    }

    static func json(_ r: CaseRecord) -> String { String(decoding: JSONWriter.object { fill(&$0, r) }, as: UTF8.self) }

    /// One JSON array, a case an element (a line each, for people reading it too).
    static func jsonArray(_ cases: [CaseRecord]) -> String {
        "[" + cases.map(json).joined(separator: ",\n") + "]"
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

extension CaseData {
    /// `cases show --json`: the case's columns, then the request and findings in `check --json`'s
    /// shapes, the rules' own verdict, where the case came from, its earlier decisions and its audit log.
    static func whole(_ r: CaseRecord, history: [CaseHistoryEntry], events: [CaseEvent]) -> String {
        String(decoding: JSONWriter.object { o in
            fill(&o, r)
            o.field("rulesVerdict", Verdict(findings: r.findings).word)
            o.field("source", r.source)
            o.field("sourceId", r.sourceID)
            o.raw("request", Reports.request(r.fields))
            o.raw("findingsInFull", Reports.findings(r.findings))
            o.array("history", history) { w, h in
                w.object {
                    $0.field("decidedAt", h.decidedAt)
                    $0.field("verdict", h.verdict.word)
                    $0.field("rulesVersion", h.rulesVersion)
                    $0.strings("findings", h.findings.map(\.rule))
                }
            }
            o.array("events", events) { w, e in
                w.object {
                    $0.field("at", e.at)
                    $0.field("kind", e.kind)
                    $0.field("by", e.by)
                    $0.field("detail", e.detail)
                }
            }
        }, as: UTF8.self)
    }
}
