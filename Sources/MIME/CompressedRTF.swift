/// PR_RTF_COMPRESSED (MS-OXRTFCP): LZFu-compressed or stored ("MELA") RTF.
enum CompressedRTF {
    static let prebuffer = Array(("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
        + "\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
        + "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    // header  = compSize(4) rawSize(4) compType(4) crc(4)
    // LZFu    = *(control(1) 8*(literal(1) / reference(2)))   ; bit i of control: 1 = reference
    // reference = offset(12 bits) length(4 bits, +2), big-endian, into a 4096-byte ring
    //             that starts with the prebuffer; offset == write position ends the data.
    static func decompress(_ data: [UInt8]) -> [UInt8]? {
        var r = ByteReader(data)
        guard r.u32() != nil, let rawSize = r.u32(), let type = r.u32(), r.u32() != nil else { return nil }
        if type == 0x414C_454D {  // "MELA": stored
            return Array(data[16...].prefix(Int(rawSize)))
        }
        guard type == 0x7546_5A4C else { return nil }  // "LZFu"
        var ring = [UInt8](repeating: 0, count: 4096)
        for (i, c) in prebuffer.enumerated() { ring[i] = c }
        var write = prebuffer.count
        var out: [UInt8] = []
        out.reserveCapacity(min(Int(rawSize), 64 << 20))
        let limit = min(Int(rawSize), 64 << 20)
        while out.count < limit, let control = r.u8() {
            for bit in 0..<8 where out.count < limit {
                if control & (1 << bit) == 0 {
                    guard let c = r.u8() else { return out }
                    out.append(c)
                    ring[write] = c
                    write = (write + 1) & 4095
                } else {
                    guard let hi = r.u8(), let lo = r.u8() else { return out }
                    let offset = Int(hi) << 4 | Int(lo) >> 4
                    let length = Int(lo & 0x0F) + 2
                    if offset == write { return out }
                    for k in 0..<length {
                        let c = ring[(offset + k) & 4095]
                        out.append(c)
                        ring[write] = c
                        write = (write + 1) & 4095
                    }
                }
            }
        }
        return out
    }
}
