/// Requests written as a form or a table: "Solicitante: Luis Huamán", "Organization<TAB>Northern Lakes
/// Health Centre", "Reason | Residents on rotation do not print". The labels come from the pattern files
/// (`formLabels`), by field.
///
/// form-line = label (":" / TAB / " | ") value ; label = 1*5 words that name a field
struct FormReader: Sendable {
    /// Folded label → field name ("solicitante" → "requesterName").
    private let fields: [String: String]

    /// The fields a form can give.
    static let supported: Set<String> = ["requesterName", "requesterTitle", "organization", "department", "reason"]

    init(_ patterns: ExtractionPatterns) {
        var fields: [String: String] = [:]
        for language in patterns.languages {
            for (field, labels) in language.formLabels where Self.supported.contains(field) {
                for label in labels { fields[Self.normalize(Substring(label))] = field }
            }
        }
        self.fields = fields
    }

    /// Each field's value and its line, the first of a text's `lines` that gives it.
    func read(lines: [Substring]) -> [String: (value: String, line: String)] {
        guard !fields.isEmpty else { return [:] }
        var found: [String: (value: String, line: String)] = [:]
        for raw in lines {
            // Most lines hold no ":", tab or "|" near their start: a byte scan says so before anything else.
            guard raw.utf8.prefix(48).contains(where: { $0 == UInt8(ascii: ":") || $0 == 9 || $0 == UInt8(ascii: "|") }) else { continue }
            let line = raw.trimmed
            // A label is short: a line is only cut where one could end.
            guard line.utf8.count > 3, let (label, value) = Self.split(line) else { continue }
            let name = Self.normalize(label)
            // "Reason for non-printing accounts": a longer label that opens with a reason's label word.
            guard let field = fields[name] ?? name.split(separator: " ").first.flatMap({ fields[String($0)] }).flatMap({ $0 == "reason" ? $0 : nil }),
                  found[field] == nil else { continue }
            // A full stop ends the value unless it is an abbreviation's ("Inc.", "S.A.S."): short, capitalised.
            var v = value.trimmed.trimmingCharacters(in: " ;")
            if v.hasSuffix("."), let last = v.split(separator: " ").last, !(last.count <= 6 && last.first?.isUppercase == true) { v = v.dropLast() }
            if !v.isEmpty { found[field] = (String(v), String(line)) }
        }
        return found
    }

    /// The label and value of a form line, cut at its first ":", tab or " | " within the first 40 characters.
    static func split(_ line: Substring) -> (Substring, Substring)? {
        var i = line.startIndex
        var n = 0
        while i < line.endIndex, n < 40 {
            let c = line[i]
            if c == ":" || c == "\t" || c == "|" {
                let label = line[..<i].trimmed
                guard !label.isEmpty, label.wordCount <= 5 else { return nil }
                return (label, line[line.index(after: i)...])
            }
            i = line.index(after: i)
            n += 1
        }
        return nil
    }

    static func normalize(_ label: Substring) -> String {
        TokenizedText.fold(String(label.trimmingCharacters(in: " *-•"))).split(whereSeparator: { $0 == " " }).joined(separator: " ")
    }
}
