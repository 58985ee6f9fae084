import Foundation
import Extraction
import MIME
import Pipeline
import RuleEngine

/// `check` for people: what was read, from where, and why the verdict is what it is.
enum Explanation {
    static func summary(_ d: Decider.Decision) -> String {
        var lines = ["verdict: \(d.verdict.name)"]
        for f in d.findings { lines.append("  \(f.severity.name)  \(f.rule): \(f.message)") }
        return lines.joined(separator: "\n")
    }

    static func text(_ d: Decider.Decision, file: String, rules: RuleSet) -> String {
        let m = d.message
        var out: [String] = []
        out.append("Message  \(file)")
        out.append("  From      \(m.from.first.map { a in a.name.map { "\($0) <\(a.address)>" } ?? a.address } ?? "(none)")")
        out.append("  Subject   \(m.subject ?? "(none)")")
        out.append("  Date      \(m.date ?? "(none)")")
        if !m.attachments.isEmpty {
            out.append("  Attached  " + m.attachments.map { "\($0.filename ?? "(unnamed)") (\($0.contentType), \($0.bytes.count) bytes)" }.joined(separator: ", "))
        }
        if !m.defects.isEmpty { out.append("  Defects   " + m.defects.map(\.description).joined(separator: "; ")) }
        if let language = d.extraction.language { out.append("  Language  \(language)") }
        if !d.letters.isEmpty {
            out.append("")
            out.append("Letters (how each attachment was read)")
            out += letters(d)
        }
        out.append("")
        out.append("Fields (value ← the words it was read from)")
        let f = d.extraction.fields
        for field in RequestFields.schema {
            let name = field.name
            let value = field.value(f)?.description
            let shown = value.map { $0.count > 70 ? String($0.prefix(67)) + "..." : $0 } ?? "—  not found"
            out.append("  " + Formatting.pad(name, 31) + shown)
            if value != nil, let e = d.extraction.evidence[name], field.kind != .freeText {
                out.append("  " + String(repeating: " ", count: 31) + "← \(e.source): \"\(clip(e.text))\"")
            } else if value != nil, let e = d.extraction.evidence[name] {
                out.append("  " + String(repeating: " ", count: 31) + "← \(e.source)")
            }
        }
        out.append("")
        out.append("Rules")
        for o in d.evaluation.outcomes {
            let mark: String
            if o.fired && o.replacedBy == nil { mark = "FIRED   " } else if o.fired { mark = "replaced" } else { mark = "no      " }
            var line = "  \(mark)  " + Formatting.pad(o.rule.id, 26) + Formatting.pad("(\(o.rule.severity.name))", 9) + " " + o.why
            if let by = o.replacedBy { line += " — replaced by \(by)" }
            out.append(line)
        }
        out.append("")
        out.append("Verdict: \(d.verdict.name.uppercased())" + (d.findings.isEmpty ? " — no rule blocks this request" : ""))
        for finding in d.findings {
            out.append("  \(finding.rule) → the requester reads: \(finding.message)")
        }
        out.append("(rules version \(rules.version))")
        return out.joined(separator: "\n")
    }

    /// Per attachment: how it was read (text layer, OCR and its confidence, document) or why not, its
    /// first lines, and the fields whose evidence stands in it.
    static func letters(_ d: Decider.Decision) -> [String] {
        var out: [String] = []
        for letter in d.letters {
            out.append("  \(letter.attachment) (\(letter.contentType))")
            if let problem = letter.problem {
                out.append("    not read: \(problem)")
                continue
            }
            for page in letter.pages { out.append("    page \(page.number): \(page.method), \(page.text.count) characters") }
            if case .read(_, let notes) = letter.outcome { for note in notes { out.append("    note: \(note)") } }
            let first = letter.pages.first?.text.split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.prefix(4) ?? []
            for line in first { out.append("    | \(clip(line))") }
            let fields = RequestFields.fieldNames.filter { d.extraction.evidence[$0]?.source.hasPrefix("attachment \(letter.attachment), page") == true }
            out.append("    fields: " + (fields.isEmpty ? "none" : fields.joined(separator: ", ")))
        }
        return out
    }

    static func clip(_ s: String) -> String {
        s.count > 110 ? String(s.prefix(107)) + "..." : s
    }
}
