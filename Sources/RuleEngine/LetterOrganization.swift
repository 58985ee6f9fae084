import Extraction

/// Whether the organization a letter's letterhead or signature names could be the one behind the
/// sender's mail domain. Names and domains are written differently ("Universidad Autónoma de Tierra
/// Fría" writes from uatf.edu.mx, "Hollins Bay Borough Council" from hollinsbay.gov.uk): a name matches
/// when one of its own words stands in the domain's first label, or its initials are that label.
/// A name that shares nothing with the domain suggests someone else's letter, for a person to look at.
package enum LetterOrganization {
    /// Words every kind of organization's name holds: they tell nothing about which one it is.
    static let generic: Set<String> = [
        "university", "universidad", "universidade", "college", "school", "schools", "escuela", "escola", "colegio",
        "council", "county", "city", "district", "municipal", "municipality", "prefeitura", "ministry", "ministerio",
        "hospital", "health", "company", "group", "services", "service", "institute", "instituto", "department", "secretaria",
        "government", "gobierno", "governo", "national", "nacional", "state", "estado", "public", "publica", "publico",
        "limited", "ltd", "inc", "llc", "ltda", "corp", "corporation", "foundation", "fundacion", "fundacao",
    ]
    /// Connecting words left out of initials ("Universidad Autónoma de Tierra Fría": UATF).
    static let connectors: Set<String> = [
        "of", "the", "and", "for", "at", "de", "del", "la", "las", "los", "el", "da", "do", "das", "dos", "e", "y", "i", "en", "a",
    ]

    /// `domain` is the sender's whole domain: "sths.health.nsw.gov.au" names its service in a label the
    /// registrable domain (nsw.gov.au) leaves out, so every label but the last is looked at.
    package static func matches(_ name: String, domain: String) -> Bool {
        let words = TextFolding.fold(name).split { !($0.isLetter || $0.isNumber) }.map(String.init)
        guard !words.isEmpty else { return true }
        let labels = domain.lowercased().split(separator: ".").dropLast().map { $0.filter { $0.isLetter || $0.isNumber } }
        return labels.contains { !$0.isEmpty && matches(words, label: String($0)) }
    }

    static func matches(_ words: [String], label: String) -> Bool {
        if words.contains(where: { $0 == label }) { return true }
        if words.contains(where: { $0.count >= 4 && !generic.contains($0) && label.contains($0) }) { return true }
        // "thornburytech" for "Thornbury Institute of Technology": the label starts with a word of the name.
        if words.contains(where: { $0.count >= 4 && !generic.contains($0) && $0.hasPrefix(String(label.prefix(4))) && label.count >= 4 }) {
            return true
        }
        for initials: [Character] in [words.compactMap { $0.first }, words.filter { !connectors.contains($0) }.compactMap { $0.first }] {
            let i = String(initials)
            if i.count >= 2, label.hasPrefix(i) || (label.count >= 2 && i.hasPrefix(label)) { return true }
            // "Direcção de Informação da Universidade Privada de Benguela": the letterhead's unit comes first,
            // and the organization's initials (UPB) stand inside the name's.
            if label.count >= 3, i.contains(label) { return true }
        }
        return false
    }
}
