/// Outlook's TNEF container (`winmail.dat`, application/ms-tnef), unpacked into the files and
/// the body it carries (MS-OXTNEF). Bounds-checked reads only: a damaged container yields what
/// was read before the damage, and a defect.
struct TNEF: Sendable {
    struct File: Sendable {
        var name: String?
        var mimeType: String?
        var bytes: [UInt8] = []
    }

    var files: [File] = []
    var bodyText: String?
    var bodyHTML: String?
    var defects: [Defect] = []

    static let signature: UInt32 = 0x223E_9F78

    // Attribute ids (MS-OXTNEF 2.1.3.1): type in the high word, id in the low word.
    static let attBody: UInt32 = 0x0001_800C
    static let attAttachTitle: UInt32 = 0x0001_8010
    static let attAttachData: UInt32 = 0x0006_800F
    static let attAttachRendData: UInt32 = 0x0006_9002
    static let attMAPIProps: UInt32 = 0x0006_9003
    static let attAttachment: UInt32 = 0x0006_9005
    static let attOemCodepage: UInt32 = 0x0006_9007

    // TNEF        = signature(4) key(2) *attribute
    // attribute   = level(1) id(4) length(4) data(length) checksum(2)
    // An attachment starts at its attAttachRendData; the attributes after it describe it.
    init?(_ b: [UInt8]) {
        var r = ByteReader(b)
        guard r.u32() == Self.signature, r.u16() != nil else { return nil }
        var codepage = "windows-1252"
        var rtf: [UInt8]? = nil
        var attributes = 0
        while r.remaining > 0 {
            attributes += 1
            guard attributes <= 100_000, let level = r.u8(), let id = r.u32(), let length = r.u32(),
                  let data = r.bytes(Int(length)), r.u16() != nil else {
                defects.append(Defect(.invalidTNEF, "invalid TNEF: truncated attribute, the rest ignored"))
                break
            }
            switch (level, id) {
            case (_, Self.attOemCodepage):
                var cr = ByteReader(data)
                if let cp = cr.u32(), cp != 0 { codepage = cp == 65001 ? "utf-8" : "windows-\(cp)" }
            case (1, Self.attBody):
                bodyText = Charset.decode(Array(data.prefix { $0 != 0 }), label: codepage).text
            case (2, Self.attAttachRendData):
                files.append(File())
            case (2, Self.attAttachTitle):
                if files.isEmpty { files.append(File()) }
                let name = Charset.decode(Array(data.prefix { $0 != 0 }), label: codepage).text
                if files[files.count - 1].name == nil { files[files.count - 1].name = name }
            case (2, Self.attAttachData):
                if files.isEmpty { files.append(File()) }
                files[files.count - 1].bytes = Array(data)
            case (2, Self.attAttachment):
                if files.isEmpty { files.append(File()) }
                let props = MAPIProperties(data, codepage: codepage)
                if props.damaged { defects.append(Defect(.invalidTNEF, "invalid TNEF: damaged attachment properties")) }
                if let long = props.strings[0x3707] ?? props.strings[0x3001] { files[files.count - 1].name = long }
                if let mime = props.strings[0x370E] { files[files.count - 1].mimeType = mime.lowercased() }
                if files[files.count - 1].bytes.isEmpty, let data = props.binaries[0x3701] {
                    files[files.count - 1].bytes = data
                }
            case (1, Self.attMAPIProps):
                let props = MAPIProperties(data, codepage: codepage)
                if props.damaged { defects.append(Defect(.invalidTNEF, "invalid TNEF: damaged message properties")) }
                if bodyText == nil, let body = props.strings[0x1000] { bodyText = body }
                if let html = props.binaries[0x1013] { bodyHTML = Charset.decode(html, label: codepage).text }
                if bodyHTML == nil, let html = props.strings[0x1013] { bodyHTML = html }
                if let r = props.binaries[0x1009] { rtf = r }
            default:
                break
            }
        }
        if bodyText == nil, bodyHTML == nil, let rtf {
            if let raw = CompressedRTF.decompress(rtf) {
                bodyText = RTFText.text(fromRTF: raw)
            } else {
                defects.append(Defect(.invalidTNEF, "invalid TNEF: compressed RTF body unreadable"))
            }
        }
    }
}

/// Little-endian reads that fail instead of trapping.
struct ByteReader {
    let b: [UInt8]
    var pos = 0
    init(_ b: [UInt8]) { self.b = b }
    init(_ s: ArraySlice<UInt8>) { self.b = Array(s) }

    var remaining: Int { b.count - pos }

    mutating func u8() -> UInt8? {
        guard pos < b.count else { return nil }
        defer { pos += 1 }
        return b[pos]
    }

    mutating func u16() -> UInt16? {
        guard pos + 2 <= b.count else { return nil }
        defer { pos += 2 }
        return UInt16(b[pos]) | UInt16(b[pos + 1]) << 8
    }

    mutating func u32() -> UInt32? {
        guard pos + 4 <= b.count else { return nil }
        defer { pos += 4 }
        return UInt32(b[pos]) | UInt32(b[pos + 1]) << 8 | UInt32(b[pos + 2]) << 16 | UInt32(b[pos + 3]) << 24
    }

    mutating func bytes(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, pos + n <= b.count else { return nil }
        defer { pos += n }
        return b[pos..<(pos + n)]
    }

    mutating func skip(_ n: Int) -> Bool {
        guard n >= 0, pos + n <= b.count else { return false }
        pos += n
        return true
    }
}
