/// Who wrote a message, as a quote's attribution may name them: "On … Ann Lee <ann@x.edu> wrote:" names the
/// address; Thunderbird's "On 20.1.2025 10.14, Ann Lee wrote:" and Outlook's "From: Ann Lee" name only the person.
struct QuoteAuthor: Sendable, Equatable {
    /// The mail address, lower-cased.
    var address: String
    /// The display name, folded; nil when absent or a single word ("Ann" could be anyone's).
    var name: String?

    init(address: String, name: String? = nil) {
        self.address = address.lowercased()
        let folded = name.map { TokenizedText.fold($0.trimmingCharacters(in: .init(charactersIn: "\"' "))) }
        self.name = folded.flatMap { $0.split(separator: " ").count >= 2 ? $0 : nil }
    }

    /// Whether a lower-cased attribution names this author, by address or by full name.
    func isNamed(in attribution: String) -> Bool {
        if !address.isEmpty, attribution.contains(address) { return true }
        guard let name else { return false }
        return TokenizedText.fold(attribution).contains(name)
    }
}
