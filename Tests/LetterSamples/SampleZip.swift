/// Zip files made at test time: entries stored (not compressed), enough for a DOCX or an ODT, and for
/// an entry larger than a limit.
package enum SampleZip {
    package static func stored(_ entries: [(name: String, bytes: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for (name, bytes) in entries {
            let offset = out.count
            let crc = crc32(bytes)
            let n = Array(name.utf8)
            var header: [UInt8] = le32(0x04034b50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            header += le32(crc) + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count)) + le16(UInt16(n.count)) + le16(0)
            out += header + n + bytes
            var entry: [UInt8] = le32(0x02014b50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            entry += le32(crc) + le32(UInt32(bytes.count)) + le32(UInt32(bytes.count)) + le16(UInt16(n.count))
            entry += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(offset))
            central += entry + n
        }
        let start = out.count
        out += central
        out += le32(0x06054b50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(central.count)) + le32(UInt32(start)) + le16(0)
        return out
    }

    /// A DOCX whose paragraphs are `paragraphs`; a paragraph holding " | " is written as a table row.
    package static func docx(_ paragraphs: [String]) -> [UInt8] {
        func text(_ s: String) -> String {
            s.replacingAll("&", "&amp;").replacingAll("<", "&lt;").replacingAll(">", "&gt;")
        }
        var body = ""
        var inTable = false
        for p in paragraphs {
            let cells = p.components(" | ")
            if cells.count > 1 {
                if !inTable { body += "<w:tbl>"; inTable = true }
                body += "<w:tr>" + cells.map { "<w:tc><w:p><w:r><w:t>\(text($0))</w:t></w:r></w:p></w:tc>" }.joined() + "</w:tr>"
                continue
            }
            if inTable { body += "</w:tbl>"; inTable = false }
            body += "<w:p><w:r><w:t xml:space=\"preserve\">\(text(p))</w:t></w:r></w:p>"
        }
        if inTable { body += "</w:tbl>" }
        let document = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
        return stored([("[Content_Types].xml", Array("<?xml version=\"1.0\"?><Types/>".utf8)), ("word/document.xml", Array(document.utf8))])
    }

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8((v >> 8) & 0xff), UInt8((v >> 16) & 0xff), UInt8(v >> 24)] }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
        }
        return ~crc
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { components(a).joined(separator: b) }

    func components(_ separator: String) -> [String] {
        let bytes = Array(utf8), sep = Array(separator.utf8)
        var out: [String] = []
        var start = 0, k = 0
        while k + sep.count <= bytes.count {
            if Array(bytes[k..<(k + sep.count)]) == sep {
                out.append(String(decoding: bytes[start..<k], as: UTF8.self))
                k += sep.count
                start = k
            } else {
                k += 1
            }
        }
        out.append(String(decoding: bytes[start...], as: UTF8.self))
        return out
    }
}
