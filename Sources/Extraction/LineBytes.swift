/// Which ASCII bytes a line holds, and which pairs of adjacent ASCII bytes, lower-cased and hashed into
/// bits, and whether it holds any other byte: a needle with a byte or a pair whose bit is clear cannot be
/// in the line. Bits are shared (bytes 64 apart, pairs that hash alike), so a set bit proves nothing; a
/// clear one rules the needle out. Bytes alone let most needles through on a line of prose, where nearly
/// every letter stands somewhere; pairs ("gi", "st", "er") are far fewer.
struct LineBytes {
    private(set) var mask: UInt64 = 0
    private(set) var pairs = PairBits()
    private(set) var hasNonASCII = false
    /// Whether the line holds the Kelvin sign or the long s, which fold to an ASCII k and s.
    private(set) var hasKelvinOrLongS = false

    init(_ line: Substring) {
        // A line of a native string is contiguous: a plain loop over its buffer, not the view's indices.
        if let summary = line.utf8.withContiguousStorageIfAvailable(Self.summary) {
            self = summary
        } else {
            self = Self.summary(of: line.utf8)
        }
    }

    private init() {}

    private static func summary<Bytes: Sequence<UInt8>>(of bytes: Bytes) -> LineBytes {
        var summary = LineBytes()
        var high: UInt8 = 0
        // The byte before, lower-cased; 0x80 when there is none or it is not ASCII (no pair then).
        var previous: UInt8 = 0x80
        for b in bytes {
            high |= b
            let lower = ASCIIFolding.lower(b)
            let bit: UInt64 = 1 << UInt64(lower & 63)
            summary.mask |= b < 0x80 ? bit : 0
            if b < 0x80, previous < 0x80 { summary.pairs.insert(previous, lower) }
            previous = b < 0x80 ? lower : 0x80
        }
        summary.hasNonASCII = high >= 0x80
        if summary.hasNonASCII { summary.hasKelvinOrLongS = holdsKelvinOrLongS(bytes) }
        return summary
    }

    /// U+212A is E2 84 AA in UTF-8, U+017F is C5 BF; neither sequence stands for anything else.
    private static func holdsKelvinOrLongS<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> Bool {
        var before: UInt8 = 0, beforeThat: UInt8 = 0
        for b in bytes {
            if b == 0xAA, before == 0x84, beforeThat == 0xE2 { return true }
            if b == 0xBF, before == 0xC5 { return true }
            (beforeThat, before) = (before, b)
        }
        return false
    }

    private static func summary(_ bytes: UnsafeBufferPointer<UInt8>) -> LineBytes {
        summary(of: bytes)
    }

    /// False when the line cannot hold `needle` ignoring ASCII case.
    func mayHold(_ needle: Needle) -> Bool {
        needle.mask & ~mask == 0 && pairs.holds(needle.pairs)
    }
}

/// A text every match of a line pattern holds (lower-case ASCII), with its bytes and pairs of bytes as
/// `LineBytes` records them, worked out once when the pattern is loaded rather than for every line.
struct Needle: Sendable {
    let bytes: [UInt8]
    let mask: UInt64
    let pairs: PairBits
    /// Unicode case folding spells k and s without ASCII too (the Kelvin sign, the long s).
    let holdsKOrS: Bool

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var mask: UInt64 = 0
        var pairs = PairBits()
        for (k, b) in bytes.enumerated() {
            mask |= 1 << UInt64(b & 63)
            if k > 0 { pairs.insert(bytes[k - 1], b) }
        }
        self.mask = mask
        self.pairs = pairs
        holdsKOrS = bytes.contains(UInt8(ascii: "k")) || bytes.contains(UInt8(ascii: "s"))
    }
}

/// A set of byte pairs hashed into 128 bits.
struct PairBits: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    @inline(__always) mutating func insert(_ a: UInt8, _ b: UInt8) {
        let h = (UInt64(a) << 3 ^ UInt64(b)) & 127
        let bit: UInt64 = 1 << (h & 63)
        low |= h < 64 ? bit : 0
        high |= h < 64 ? 0 : bit
    }

    /// Whether every pair of `other` may be here.
    @inline(__always) func holds(_ other: PairBits) -> Bool {
        other.low & ~low == 0 && other.high & ~high == 0
    }
}
