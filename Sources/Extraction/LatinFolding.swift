import Foundation

/// `TokenizedText.fold` for the words of the Latin scripts requests are mostly written in ("Grüßen",
/// "São", "don’t"), without Foundation: a word of ASCII and accented Latin letters folds letter by letter,
/// each letter to what Foundation folds it to alone. Foundation's folding costs a bridge to NSString and
/// back per word, which was a tenth of extraction's time on messages in Spanish, Portuguese or German.
///
/// The table holds only what is bound to fold the same inside a word as alone: scalars from U+0080 to
/// U+024F (none of them joins a neighbour into one Character, and none has a mark after it in a word the
/// table reads, as marks are not in it) and the right single quotation mark, each kept only when its fold
/// is ASCII and no longer than the scalar's own UTF-8. A word with any other scalar goes to Foundation.
enum LatinFolding {
    /// The fold of each scalar from U+0080 to U+024F as ASCII bytes, empty when it has none here.
    private static let table: [[UInt8]] = (0x80..<0x250).map { value in
        guard let scalar = Unicode.Scalar(value) else { return [] }
        return folded(scalar)
    }
    /// U+2019, "don’t": folds to an ASCII apostrophe.
    private static let rightQuote: [UInt8] = folded("\u{2019}")

    /// What `TokenizedText.fold` makes of `scalar` alone, when that is ASCII and fits in its UTF-8 bytes.
    private static func folded(_ scalar: Unicode.Scalar) -> [UInt8] {
        let fold = Array(TokenizedText.foundationFold(String(scalar)).utf8)
        guard !fold.isEmpty, fold.allSatisfy({ $0 < 0x80 }), fold.count <= UTF8.width(scalar) else { return [] }
        return fold
    }

    /// The folded bytes of one scalar, nil when the table does not fold it.
    @inline(__always) private static func fold(_ s: Unicode.Scalar) -> ArraySlice<UInt8>? {
        let v = s.value
        if v < 0x80 { return nil }
        let bytes = v < 0x250 ? table[Int(v) - 0x80] : v == 0x2019 ? rightQuote : []
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
