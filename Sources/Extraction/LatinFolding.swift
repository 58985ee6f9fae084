import Foundation

/// `TokenizedText.fold` for the words of the Latin scripts requests are mostly written in ("Grüßen",
/// "São", "don’t"), without Foundation: a word of ASCII and accented Latin letters folds letter by letter,
/// each letter to what Foundation folds it to alone. Foundation's folding costs a bridge to NSString and
/// back per word, which was a tenth of extraction's time on messages in Spanish, Portuguese or German.
///
/// The table holds only what is bound to fold the same inside a word as alone: scalars that stand alone
/// (`standsAlone`: none joins a neighbour into one Character, and none has a mark after it in a text the
/// table reads, as marks are not in it) from U+0080 to U+024F and of the general punctuation ("don’t",
/// "–", "•"), each kept only when its fold is ASCII or one such scalar that folds to itself, and no longer
/// than the scalar's own UTF-8.
/// A text with any other scalar goes to Foundation.
enum LatinFolding {
    /// The fold of each scalar from U+0080 to U+024F as bytes, empty when it has none here.
    private static let latin: [[UInt8]] = (0x80..<0x250).map(folded)
    /// The same for U+2010 to U+205E.
    private static let punctuation: [[UInt8]] = (0x2010..<0x205F).map(folded)

    /// Whether no neighbour joins the scalar into a larger Character: below U+0300 (where the combining
    /// marks start) and the general punctuation but for its separators and format controls. In a text of
    /// these, each scalar is a Character (but "\r\n", which is neither a letter, a digit nor a sign).
    @inline(__always) static func standsAlone(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x300 || (v >= 0x2010 && v <= 0x205E && !(v >= 0x2028 && v <= 0x202F))
    }

    /// What `TokenizedText.fold` makes of the scalar alone, when that is ASCII, or one scalar that stands
    /// alone and folds to itself (the scalar itself, or the lower case of a capital: "Æ" to "æ", "Ø" to "ø"),
    /// and fits in its UTF-8 bytes.
    private static func folded(_ value: UInt32) -> [UInt8] {
        guard let scalar = Unicode.Scalar(value), standsAlone(scalar) else { return [] }
        let folding = TokenizedText.foundationFold(String(scalar))
        let fold = Array(folding.utf8)
        guard !fold.isEmpty, fold.count <= UTF8.width(scalar) else { return [] }
        if fold.allSatisfy({ $0 < 0x80 }) { return fold }
        guard folding.unicodeScalars.count == 1, let only = folding.unicodeScalars.first, standsAlone(only),
              TokenizedText.foundationFold(folding) == folding else { return [] }
        return fold
    }

    /// The folded bytes of one scalar, nil when the table does not fold it.
    @inline(__always) private static func fold(_ s: Unicode.Scalar) -> ArraySlice<UInt8>? {
        let v = s.value
        if v < 0x80 { return nil }
        let bytes = v < 0x250 ? latin[Int(v) - 0x80] : v >= 0x2010 && v <= 0x205E ? punctuation[Int(v) - 0x2010] : []
        return bytes.isEmpty ? nil : bytes[...]
    }

    /// `scalars` folded as `TokenizedText.fold` would fold them, nil when one is neither ASCII nor in the
    /// table. `utf8Count` is their UTF-8 length: every fold fits in it.
    static func fold<Scalars: Collection<Unicode.Scalar>>(_ scalars: Scalars, utf8Count: Int) -> String? {
        for s in scalars where s.value >= 0x80 && fold(s) == nil { return nil }
        return String(unsafeUninitializedCapacity: utf8Count) { out in
            var n = 0
            for s in scalars {
                if s.value < 0x80 {
                    out[n] = ASCIIFolding.lower(UInt8(truncatingIfNeeded: s.value))
                    n += 1
                } else {
                    for b in fold(s)! { out[n] = b; n += 1 }
                }
            }
            return n
        }
    }
}
