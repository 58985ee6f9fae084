internal import Foundation

/// The names of the world's countries, as CLDR writes them in the languages requests come in, folded:
/// "Managua, Nicaragua", "Guayaquil - Ecuador" are where a signer works, not an organization.
enum CountryNames {
    /// Worked out on first use (some tens of milliseconds), once per process.
    static let folded: Set<String> = {
        var names: Set<String> = ["usa", "u s a", "us", "uk", "uae", "ee uu", "eeuu", "rsa"]
        for language in ["en", "es", "pt", "fr", "de", "it", "nl"] {
            let locale = Locale(identifier: language)
            for region in Locale.Region.isoRegions {
                if let name = locale.localizedString(forRegionCode: region.identifier) {
                    names.insert(TokenizedText.fold(name))
                }
            }
        }
        return names
    }()

    static func contains(_ text: Substring) -> Bool {
        folded.contains(TokenizedText.fold(String(text.trimmingCharacters(in: .init(charactersIn: " .")))))
    }
}
