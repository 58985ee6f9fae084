/// An image's size from its header (PNG, JPEG, TIFF's first page), read before any converter decodes it:
/// a 30,000 × 30,000 picture is refused by its header, not found out by a decoder that asks for 3.6 GB.
struct ImageSize {
    var width: Int
    var height: Int
    var pixels: Int { width * height }

    init?(_ b: [UInt8]) {
        if b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47]) {
            width = Self.be32(b, 16)
            height = Self.be32(b, 20)
        } else if b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 {
            // Segments up to the first start-of-frame marker (C0–CF but C4, C8, CC).
            var i = 2
            while i + 9 < b.count {
                guard b[i] == 0xFF else { return nil }
                let marker = b[i + 1]
                if marker == 0xFF { i += 1; continue }
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    height = Int(b[i + 5]) << 8 | Int(b[i + 6])
                    width = Int(b[i + 7]) << 8 | Int(b[i + 8])
                    return
                }
                i += 2 + length
            }
            return nil
        } else if b.count >= 8, b.starts(with: [0x49, 0x49, 0x2A, 0x00]) || b.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            let little = b[0] == 0x49
            func u16(_ o: Int) -> Int { o + 2 <= b.count ? (little ? Int(b[o]) | Int(b[o + 1]) << 8 : Int(b[o]) << 8 | Int(b[o + 1])) : 0 }
            func u32(_ o: Int) -> Int { o + 4 <= b.count ? (little ? u16(o) | u16(o + 2) << 16 : u16(o) << 16 | u16(o + 2)) : 0 }
            let ifd = u32(4)
            let count = u16(ifd)
            var w = 0, h = 0
            for k in 0..<min(count, 200) {
                let entry = ifd + 2 + 12 * k
                guard entry + 12 <= b.count else { break }
                let tag = u16(entry), type = u16(entry + 2)
                let value = type == 3 ? u16(entry + 8) : u32(entry + 8)
                if tag == 256 { w = value }
                if tag == 257 { h = value }
            }
            guard w > 0, h > 0 else { return nil }
            width = w
            height = h
        } else {
            return nil
        }
    }

    static func be32(_ b: [UInt8], _ o: Int) -> Int { Int(b[o]) << 24 | Int(b[o + 1]) << 16 | Int(b[o + 2]) << 8 | Int(b[o + 3]) }
}
