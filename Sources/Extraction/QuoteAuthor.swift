/// Who wrote a message, as a quote's attribution may name them: "On … Ann Lee <ann@x.edu> wrote:" names the
/// address; Thunderbird's "On 20.1.2025 10.14, Ann Lee wrote:" and Outlook's "From: Ann Lee" name only the person.
struct QuoteAuthor: Sendable, Equatable {
    /// The mail address, lower-cased.
    var address: String
    /// The display name, folded, given name first; nil when absent or a single word ("Ann" could be anyone's).
    var name: String?
    /// The display name as a directory lists it, surname first ("ortega linares, francisco javier"), when
    /// the header wrote it so: an attribution may quote it that way.
    var listedName: String?

    init(address: String, name: String? = nil) {
        self.address = address.lowercased()
        let folded = name.map { TokenizedText.fold(String(Substring($0).trimmingCharacters(in: "\"' "))) }
        // "Ortega Linares, Francisco Javier": Outlook's directory order; the letter signs given name first.
        if let folded, folded.utf8.contains(UInt8(ascii: ",")), case let halves = folded.split(separator: ",", omittingEmptySubsequences: false), halves.count == 2,
           case let (surname, given) = (halves[0].trimmed, halves[1].trimmed), !surname.isEmpty, !given.isEmpty {
            self.name = String(given) + " " + String(surname)
            self.listedName = folded
        } else {
            self.name = folded.flatMap { Substring($0).wordCount >= 2 ? $0 : nil }
        }
    }

    /// Whether a lower-cased attribution names this author, by address or by full name.
    func isNamed(in attribution: String) -> Bool {
        if !address.isEmpty, attribution.contains(address) { return true }
        guard let name else { return false }
        let folded = TokenizedText.fold(attribution)
        return folded.contains(name) || listedName.map { folded.contains($0) } == true
    }
}
