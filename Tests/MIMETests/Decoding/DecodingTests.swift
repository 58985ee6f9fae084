import Foundation
import MIME
import Testing

@Suite struct DecodingTests {
    func body(_ cte: String, _ charset: String, _ encoded: String) -> Message {
        parse("Content-Type: text/plain; charset=\(charset)\nContent-Transfer-Encoding: \(cte)\n\n\(encoded)")
    }

    /// Line breaks of either kind, after whole quanta or inside one, at every line length mail uses:
    /// the decoder's fast paths must give exactly what a plain decode gives, and report nothing.
    @Test(arguments: [("\r\n", 76), ("\n", 76), ("\r\n", 64), ("\n", 72), ("\r\n", 6), ("\n", 5), ("\r\n", 1)])
    func base64InLinesOfEveryShapeDecodesExactly(lineEnd: String, lineLength: Int) {
        var generator = SystemRandomNumberGenerator()
        for size in Array(0..<40) + [1_000, 65_537] {
            let raw = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Array(Data(raw).base64EncodedString().utf8)
            var text = ""
            for start in stride(from: 0, to: encoded.count, by: lineLength) {
                text += String(decoding: encoded[start..<min(encoded.count, start + lineLength)], as: UTF8.self) + lineEnd
            }
            let header = ["Content-Type: application/octet-stream", "Content-Disposition: attachment; filename=a.bin",
                          "Content-Transfer-Encoding: base64", ""].map { $0 + lineEnd }.joined()
            let m = parse(header + text, crlf: false)
            // Compared first: a failure names the case instead of printing megabytes.
            let same = m.attachments.first?.bytes ?? [] == raw
            #expect(same, "\(size) bytes in lines of \(lineLength)")
            #expect(m.defects.isEmpty, "\(size) bytes in lines of \(lineLength): \(m.defects)")
        }
    }

    @Test func base64Tolerant() {
        let m = body("base64", "utf-8", "SGVs\nbG8g\nd29y bGQ")
        #expect(m.textBody == "Hello world")
        #expect(m.defectIDs.contains("invalid-base64"))
        let clean = body("base64", "utf-8", "SGVsbG8g\nd29ybGQ=")
        #expect(clean.textBody == "Hello world")
        #expect(clean.defects.isEmpty)
        let stray = body("base64", "utf-8", "SGVs*bG8=")
        #expect(stray.textBody == "Hello")
        #expect(stray.defectIDs.contains("invalid-base64"))
    }

    @Test func quotedPrintable() {
        let m = body("quoted-printable", "iso-8859-1", "caf=E9 cr=e8me=\nsoft  \n1=3D1 bare = sign")
        #expect(m.textBody == "café crèmesoft\n1=1 bare = sign")
        #expect(m.defectIDs.contains("invalid-quoted-printable"))
    }

    @Test func uuencode() {
        let m = parse("""
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain

        t
        --b
        Content-Type: application/octet-stream
        Content-Transfer-Encoding: x-uuencode

        begin 644 hi.txt
        &:&5L;&\\*
        `
        end
        --b--
        """)
        #expect(m.attachments.first?.bytes == Array("hello\n".utf8))
        #expect(m.attachments.first?.filename == "hi.txt")
    }

    @Test(arguments: [
        ("utf-8", [0x32, 0x35, 0x2E, 0x30, 0x30, 0x30, 0x20, 0xE2, 0x82, 0xAC] as [UInt8], "25.000 €"),
        ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),
        ("iso-8859-15", [0xA4], "€"),
        ("windows-1252", [0x93, 0x71, 0x94], "“q”"),
        ("iso-8859-1", [0x93, 0x71, 0x94], "“q”"),
        ("windows-1250", [0x8A], "Š"),
        ("iso-8859-2", [0xA9], "Š"),
        ("windows-1251", [0xCF], "П"),
        ("koi8-r", [0xF0], "П"),
        ("koi8-u", [0xA4], "є"),
        ("iso-8859-7", [0xE1], "α"),
        ("windows-1253", [0xE1], "α"),
        ("windows-1255", [0xF9], "ש"),
        ("windows-1256", [0xC7], "ا"),
        ("windows-1257", [0xE0], "ą"),
        ("windows-1258", [0xE0], "à"),
        ("windows-1254", [0xF0], "ğ"),
        ("gb2312", [0xD6, 0xD0], "中"),
        ("gbk", [0xD6, 0xD0], "中"),
        ("gb18030", [0x81, 0x30, 0x81, 0x30], "\u{80}"),
        ("big5", [0xA4, 0xA4], "中"),
        ("shift_jis", [0x93, 0xFA], "日"),
        ("euc-jp", [0xC6, 0xFC], "日"),
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x1B, 0x28, 0x42], "日"),
        // Windows' ISO-2022-JP (CP50220) with NEC extensions: "①" and "㈱".
        ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x2D, 0x21, 0x2D, 0x6A, 0x1B, 0x28, 0x42, 0x41], "①㈱A"),
        ("iso-2022-jp", [0x1B, 0x28, 0x49, 0x31, 0x1B, 0x28, 0x42], "ｱ"),
        // Vendor supersets behind standard labels: GBK "闀" under gb2312, NEC "①" under euc-jp.
        ("gb2312", [0xE9, 0x95], "闀"),
        ("euc-jp", [0xAD, 0xA1], "①"),
        ("euc-kr", [0xC7, 0xD1], "한"),
        ("ks_c_5601-1987", [0xC7, 0xD1], "한"),
        ("us-ascii", [0x61], "a"),
        ("\"UTF-8\"", [0xC3, 0xA9], "é"),
    ])
    func charsets(label: String, bytes: [UInt8], expected: String) {
        let (text, defect) = Charset.decode(bytes, label: label)
        #expect(text == expected)
        #expect(defect == nil)
    }

    @Test func lineEndsAreUnified() {
        let m = MessageParser.parse(Array("Subject: x\r\n\r\na\rb\r\nc\nd\r\r\ne".utf8))
        #expect(m.textBody == "a\nb\nc\nd\n\ne")
        let long = String(repeating: "line\r\n", count: 10_000)
        #expect(MessageParser.parse(Array(("Subject: x\r\n\r\n" + long).utf8)).textBody == String(repeating: "line\n", count: 10_000))
    }

    @Test func textThatGrowsMoreThanHalfIntoUTF8() {
        // KOI8-R "П" (0xF0) is two bytes in UTF-8, "€"-like three-byte growth via windows-1251 0x88.
        let koi = [UInt8](repeating: 0xF0, count: 10_000)
        #expect(Charset.decode(koi, label: "koi8-r").text == String(repeating: "П", count: 10_000))
        let euro = [UInt8](repeating: 0x88, count: 10_000)
        #expect(Charset.decode(euro, label: "windows-1251").text == String(repeating: "€", count: 10_000))
        let kana = [UInt8](repeating: 0xB1, count: 10_000)  // half-width katakana: one byte, three in UTF-8
        #expect(Charset.decode(kana, label: "shift_jis").text == String(repeating: "ｱ", count: 10_000))
    }

    @Test func unknownCharsetFallsBack() {
        let (t1, d1) = Charset.decode([0x63, 0x61, 0x66, 0xE9], label: "x-foo")
        #expect(t1 == "café")
        #expect(d1?.kind == .unknownCharset)
        #expect(d1?.description == "unknown charset x-foo, read as windows-1252")
        let (t2, d2) = Charset.decode([0xC3, 0xA9], label: "x-foo")
        #expect(t2 == "é")
        #expect(d2?.kind == .unknownCharset)
        let (t3, d3) = Charset.decode([0xC3, 0x28], label: "utf-8")
        #expect(t3 == "Ã(")
        #expect(d3?.kind == .invalidCharsetData)
    }
}
