import Extraction

/// How a requester reads each request field, per language, and which fields a request must give
/// (`Rules/fields.yaml`): `{missing}` in a rule's message is written with these words, never with field ids.
package struct FieldWords: Sendable {
    /// The languages messages are written in; the first is the fallback for any other.
    package var languages: [String]
    /// Field name → language → words.
    var words: [String: [String: String]]
    /// Language → the word that joins the last two items of a list ("and", "y", "e").
    var and: [String: String]
    /// The fields a request must give (`required: true`), in the order `fields.yaml` lists them: the
    /// order a requester reads them in `{missing}` when a rule says `field-missing: required`.
    package var required: [String]

    package init(languages: [String], words: [String: [String: String]], and: [String: String], required: [String] = []) {
        self.languages = languages
        self.words = words
        self.and = and
        self.required = required
    }

    /// The language a message is written in for a request in `language`: its own when the rules speak
    /// it, else the first listed.
    package func replyLanguage(for language: String?) -> String {
        if let language, languages.contains(language) { return language }
        return languages.first ?? "en"
    }

    /// "your name, the number of accounts in your domain and why the other accounts will not print".
    package func list(_ fields: [String], in language: String) -> String {
        let items = fields.map { words[$0]?[language] ?? words[$0]?[languages.first ?? "en"] ?? $0 }
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " " + (and[language] ?? "and") + " " + items.last!
    }
}
