/// ISO-2022-JP as Windows writes it (CP50220/50221): with NEC and IBM extension characters
/// (①, ㈱, Roman numerals) that glibc's ISO-2022-JP tables reject. Such text is re-coded to
/// EUC-JP byte for byte and read with EUC-JP-MS, which holds those extensions.
enum ISO2022JP {
    // ISO-2022-JP = *(escape / byte)
    // escape      = ESC "(" ("B" / "J")   ; ASCII, JIS X 0201 Roman: bytes as they are
    //             / ESC "(" "I"           ; JIS X 0201 katakana: one byte, EUC-JP 0x8E prefix
    //             / ESC "$" ("@" / "B")   ; JIS X 0208 (and its Windows extensions): byte pairs
    // In the two-byte set each byte gains its high bit in EUC-JP.
    static func toEUCJP(_ bytes: [UInt8]) -> [UInt8]? {
        enum Mode { case ascii, katakana, kanji }
        var mode = Mode.ascii
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                guard i + 2 < bytes.count else { return nil }
                switch (bytes[i + 1], bytes[i + 2]) {
                case (0x28, 0x42), (0x28, 0x4A): mode = .ascii
                case (0x28, 0x49): mode = .katakana
                case (0x24, 0x40), (0x24, 0x42): mode = .kanji
                default: return nil
                }
                i += 3
                continue
            }
            if b == 0x0D || b == 0x0A {
                // A line end returns to ASCII in well-formed text; tolerate the ones that do not say so.
                out.append(b)
                i += 1
                continue
            }
            switch mode {
            case .ascii:
                guard b < 0x80 else { return nil }
                out.append(b)
                i += 1
            case .katakana:
                guard b >= 0x21, b <= 0x5F else { return nil }
                out += [0x8E, b | 0x80]
                i += 1
            case .kanji:
                guard i + 1 < bytes.count, b >= 0x21, b <= 0x7E, bytes[i + 1] >= 0x21, bytes[i + 1] <= 0x7E else { return nil }
                out += [b | 0x80, bytes[i + 1] | 0x80]
                i += 2
            }
        }
        return out
    }
}
