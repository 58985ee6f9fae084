import Foundation

extension String {
    func collapsingWhitespace() -> String {
        if let fast = utf8.withContiguousStorageIfAvailable(Self.collapsingASCIIWhitespace), let fast { return fast }
        return collapsingWhitespaceScalars()
    }

    /// `collapsingWhitespace` by Unicode scalars, for text that is not all ASCII: what `split(whereSeparator:
    /// \.isWhitespace)` on Characters gives, without a property lookup per Character: runs of White_Space
    /// scalars (the list below) become one space, none at the ends. Marks right after a white space have
    /// nothing to stand on and go with it.
    func collapsingWhitespaceScalars() -> String {
        // Gathered as scalars and written out as UTF-8 once: appending to a scalar view one by one costs more.
        var out: [Unicode.Scalar] = []
        let scalars = Array(unicodeScalars)
        out.reserveCapacity(scalars.count)
        var gap = false
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            // After a prepending mark (U+0600 ARABIC NUMBER SIGN …) a white space is of its Character, which is not whitespace.
            if Self.isWhiteSpace(s), !(i > 0 && Self.isPrepend(scalars[i - 1])) {
                // The marks after it are of its Character, which is whitespace as a whole (Swift asks its first scalar).
                i += 1
                while i < scalars.count, Self.extendsCharacter(scalars[i]) { i += 1 }
                gap = !out.isEmpty
                continue
            }
            if gap { out.append(" "); gap = false }
            out.append(s)
            i += 1
        }
        return TokenizedText.string(out)
    }

    /// Unicode's White_Space property, spelled out.
    static func isWhiteSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Unicode's Grapheme_Cluster_Break=Prepend: a scalar that joins the Character after it.
    static func isPrepend(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x600...0x605, 0x6DD, 0x70F, 0x890...0x891, 0x8E2, 0xD4E, 0x110BD, 0x110CD, 0x111C2...0x111C3,
             0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46, 0x11F02: return true
        default: return false
        }
    }

    /// Whether `s` joins the Character before it (a combining or spacing mark, a joiner).
    static func extendsCharacter(_ s: Unicode.Scalar) -> Bool {
        guard s.value >= 0x300 else { return false }
        return s.properties.isGraphemeExtend || s.properties.generalCategory == .spacingMark || s.value == 0x200D
    }

    /// `collapsingWhitespace` on bytes, for ASCII text; nil for any other. There each byte is a Character
    /// but for "\r\n", whitespace as a whole as both its bytes are, so the bytes split where the
    /// Characters do. (Other text may hold a combining mark on a space, which makes it one Character.)
    private static func collapsingASCIIWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var n = 0
            var gap = false
            for b in bytes {
                if Substring.isASCIIWhitespace(b) { gap = n > 0; continue }
                if gap { out[n] = 0x20; n += 1; gap = false }
                out[n] = b
                n += 1
            }
            return n
        }
    }
}
