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

    /// The last words of those names ("nicaragua", "kingdom"), folded: a line that ends otherwise names no country.
    static let lastWords: Set<String> = Set(folded.compactMap { $0.split(separator: " ").last.map(String.init) })

    /// Whether `line`'s last word could end a country's name.
    static func mayEnd(_ line: Substring) -> Bool {
        mayEndASCII(line) ?? mayEndByCharacters(line)
    }

    static func mayEndByCharacters(_ line: Substring) -> Bool {
        var end = line.endIndex
        while end > line.startIndex, let c = line[..<end].last, c == "." || c == " " { end = line.index(before: end) }
        var start = end
        while start > line.startIndex, let c = line[..<start].last, c.isLetter { start = line.index(before: start) }
        guard start < end, line[start].isUppercase else { return false }
        return lastWords.contains(TokenizedText.fold(String(line[start..<end])))
    }

    /// `mayEnd` on bytes, when the line's end (its last word, the stops and spaces after it, and the byte
    /// before it) is ASCII: each byte there is a Character ("\r\n" is neither a letter nor a stop), and
    /// folding an ASCII word is lower-casing it. Nil for any other end, which the Character walk reads.
    static func mayEndASCII(_ line: Substring) -> Bool? {
        let bytes = line.utf8
        var end = bytes.endIndex
        while end > bytes.startIndex {
            let b = bytes[bytes.index(before: end)]
            if b >= 0x80 { return nil }
            guard b == UInt8(ascii: ".") || b == UInt8(ascii: " ") else { break }
            end = bytes.index(before: end)
        }
        var start = end
        while start > bytes.startIndex {
            let b = bytes[bytes.index(before: start)]
            if b >= 0x80 { return nil }
            guard (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") else { break }
            start = bytes.index(before: start)
        }
        guard start < end, bytes[start] >= UInt8(ascii: "A") && bytes[start] <= UInt8(ascii: "Z") else { return false }
        return lastWords.contains(String(decoding: bytes[start..<end].map(ASCIIFolding.lower), as: UTF8.self))
    }

    static func contains(_ text: Substring) -> Bool {
        var name = text.trimmed
        while name.last == "." { name = name.dropLast() }
        // A country's name starts with a capital: most pieces are ruled out before folding.
        guard let first = name.first, first.isUppercase else { return false }
        return folded.contains(TokenizedText.fold(String(name)))
    }
}
