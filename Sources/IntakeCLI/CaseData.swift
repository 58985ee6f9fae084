import Filing
import Foundation
import JSONOutput
import Pipeline
import RuleEngine

/// A case as JSON: `CaseColumns` (Filing) are its columns, in order and typed.
enum CaseData {
    static var csvHeader: String { CaseColumns.csvHeader }
    static func csvRow(_ r: CaseRecord) -> String { CaseColumns.csvRow(r) }

    /// The case's columns as the members of a JSON object.
    static func fill(_ o: inout JSONWriter.Object, _ r: CaseRecord) {
        for column in CaseColumns.all {
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
