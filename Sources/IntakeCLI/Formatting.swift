import Extraction
import Filing
import RuleEngine

enum Formatting {
    /// 25000 → "25,000": the table is read by people.
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func verdictWord(_ v: Verdict) -> String { v.word }

    /// One line a case: who asked for what, or why it was not accepted.
    static func caseLine(_ r: CaseRecord) -> String {
        "  " + pad(r.id, 13) + "  " + pad(verdictWord(r.verdict), 8) + "  " + detail(r)
    }

    /// `cases list`'s header row, and its line for a case: the case line with the case's state.
    static let listHeader = "  " + pad("CASE", 13) + "  " + pad("VERDICT", 8) + "  " + pad("STATE", 17) + "  " + "DETAIL"

    static func listLine(_ r: CaseRecord) -> String {
        "  " + pad(r.id, 13) + "  " + pad(verdictWord(r.verdict), 8) + "  " + pad(r.state.name, 17) + "  " + detail(r)
    }

    /// Who asked for what, or why it was not accepted; once a person decided, who decided and why.
    static func detail(_ r: CaseRecord) -> String {
        if let d = r.personDecision, let decision = d.decision {
            return "\(decision) by \(d.by ?? "?"): \(d.note ?? "")"
        }
        if r.verdict == .accept {
            let org = r.fields.organization ?? "(organization not named)"
            let who = pad(org + (r.senderDomain.map { " (\($0))" } ?? ""), 44)
            return who + " " + counts(r.fields)
        }
        return r.findings.first.map { reason($0, r) } ?? ""
    }

    static func counts(_ f: RequestFields) -> String {
        switch (f.requestedUsers, f.domainAccounts) {
        case let (req?, dom?): return "\(grouped(req)) of \(grouped(dom)) accounts"
        case let (req?, nil): return "\(grouped(req)) accounts"
        default: return ""
        }
    }

    static func reason(_ finding: Finding, _ r: CaseRecord) -> String {
        var detail: String
        if let missing = finding.missing {
            detail = "missing " + missing.joined(separator: ", ")
        } else if finding.rule.contains("free-mail") || finding.rule.contains("sender") || finding.rule.contains("onmicrosoft") {
            detail = r.sender ?? ""
        } else if finding.rule == "inconsistent-counts" {
            let f = r.fields
            detail = "requested \(f.requestedUsers.map(grouped) ?? "?"), licensed \(f.licensedUsers.map(grouped) ?? "?"), domain \(f.domainAccounts.map(grouped) ?? "?")"
        } else {
            detail = r.fields.organization ?? r.sender ?? r.subject ?? ""
        }
        let more = r.findings.count > 1 ? " (+\(r.findings.count - 1) more)" : ""
        return finding.rule + (detail.isEmpty ? "" : ": " + detail) + more
    }
}
