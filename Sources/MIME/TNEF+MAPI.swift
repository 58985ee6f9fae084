/// The MAPI property list inside attMAPIProps and attAttachment (MS-OXTNEF 2.1.3.4): only the
/// strings and binaries are kept, by property id.
struct MAPIProperties {
    var strings: [UInt16: String] = [:]
    var binaries: [UInt16: [UInt8]] = [:]
    var damaged = false

    // props    = count(4) *prop
    // prop     = type(2) id(2) [named-id] value
    // named-id = guid(16) kind(4) (id(4) / length(4) utf16-name padded-to-4)   ; when id >= 0x8000
    // value    = fixed-size data padded to 4 / count(4) *(length(4) data padded-to-4)
    init(_ data: ArraySlice<UInt8>, codepage: String) {
        var r = ByteReader(data)
        guard let count = r.u32() else { damaged = true; return }
        var n: UInt32 = 0
        while n < count {
            n += 1
            guard n <= 10_000, let type = r.u16(), let id = r.u16() else { damaged = true; return }
            if id >= 0x8000 {
                guard r.skip(16), let kind = r.u32() else { damaged = true; return }
                if kind == 0 {
                    guard r.skip(4) else { damaged = true; return }
                } else {
                    guard let len = r.u32(), r.skip(Self.padded(Int(len))) else { damaged = true; return }
                }
            }
            let multi = type & 0x1000 != 0
            let base = type & 0x0FFF
            var values = 1
            let variable = base == 0x001E || base == 0x001F || base == 0x0102 || base == 0x000D
            if multi || variable {
                guard let c = r.u32(), c <= 10_000 else { damaged = true; return }
                values = Int(c)
            }
            for _ in 0..<values {
                if variable {
                    guard let len = r.u32(), let bytes = r.bytes(Int(len)), r.skip(Self.padded(Int(len)) - Int(len)) else {
                        damaged = true
                        return
                    }
                    switch base {
                    case 0x001E:
                        strings[id] = Charset.decode(Array(bytes.prefix { $0 != 0 }), label: codepage).text
                    case 0x001F:
                        var s = Charset.decode(Array(bytes), label: "utf-16le").text
                        while s.hasSuffix("\u{0}") { s.removeLast() }
                        strings[id] = s
                    default:
                        binaries[id] = Array(bytes)
                    }
                } else {
                    let size: Int
                    switch base {
                    case 0x0002, 0x000B, 0x0003, 0x0004, 0x000A, 0x0001: size = 4
                    case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040: size = 8
                    case 0x0048: size = 16
                    default:
                        damaged = true
                        return
                    }
                    guard r.skip(size) else { damaged = true; return }
                }
            }
        }
    }

    static func padded(_ n: Int) -> Int { (n + 3) & ~3 }
}
