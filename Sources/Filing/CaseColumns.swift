import Foundation
import Extraction
import RuleEngine

/// A case as one row, one definition for `cases list --json`, `cases export` (CSV and JSON) and the top
/// of `cases show --json` (`caseRow` in Schemas/case.schema.json): the columns in order, each with its
/// type, so a count is a number and a commitment a boolean in JSON, and the verdict the word
/// `cases list` prints. The request's columns are `RequestFields.schema`'s, in its order.
package enum CaseColumns {
    package enum Cell {
        case text(String?)
        case number(Int?)
        case flag(Bool?)
        case list([String])
    }

    package typealias Column = (name: String, value: @Sendable (CaseRecord) -> Cell)

    package static let all: [Column] = before + RequestFields.schema.map(column) + after

    static let before: [Column] = [
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
    ]

    static let after: [Column] = [
        ("findings", { .list($0.findings.map(\.rule)) }),
        ("rulesVersion", { .text($0.rulesVersion) }),
        ("messageId", { .text($0.messageID) }),
        ("sha256", { .text($0.messageSHA256) }),
        // Relative to the store, so an export reads the same wherever the store was opened from.
        ("archivePath", { .text($0.folder.name + "/" + $0.id) }),
    ]

    static func column(_ field: RequestField) -> Column {
        (field.column, { r in
            switch field.value(r.fields) {
            case .text(let s)?: return .text(s)
            case .number(let n)?: return .number(n)
            case .flag(let b)?: return .flag(b)
            case nil:
                switch field.kind {
                case .text, .freeText: return .text(nil)
                case .count: return .number(nil)
                case .flag: return .flag(nil)
                }
            }
        })
    }

    package static var csvHeader: String { all.map(\.name).joined(separator: ",") }

    package static func csvRow(_ r: CaseRecord) -> String {
        all.map { column in
            switch column.value(r) {
            case .text(let s): return csv(s)
            case .number(let n): return n.map(String.init) ?? ""
            case .flag(let b): return b.map { $0 ? "true" : "false" } ?? ""
            case .list(let items): return csv(items.joined(separator: ";"))
            }
        }.joined(separator: ",")
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
