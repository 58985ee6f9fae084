/// Bytes to text by a MIME charset label, through glibc's iconv — no guessing.
package enum Charset {
    /// Decodes `bytes` as the charset `label` names. An unknown label, or bytes the charset
    /// cannot hold, fall back to UTF-8 when the bytes are valid UTF-8, else windows-1252,
    /// and the fallback is returned as a defect.
    package static func decode(_ bytes: [UInt8], label: String?) -> (text: String, defect: Defect?) {
        let name = canonicalName(label)
        switch name {
        case "utf-8", "us-ascii":
            if let s = String(validating: bytes, as: UTF8.self) { return (s, nil) }
            let shown = label ?? "us-ascii"
            return (Windows1252.decode(bytes), Defect(.invalidCharsetData, "invalid \(shown) data, read as windows-1252"))
        case "windows-1252":
            return (Windows1252.decode(bytes), nil)
        default:
            break
        }
        // Only plain charset names reach iconv_open: no "//TRANSLIT" suffixes or odd bytes from mail.
        let plain = name.utf8.count <= 40 && name.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E || $0 == 0x3A
        }
        if plain, let s = Iconv.decode(bytes, from: name) { return (s, nil) }
        if name == "iso-2022-jp-3", let euc = ISO2022JP.toEUCJP(bytes), let s = Iconv.decode(euc, from: "euc-jp-ms") {
            return (s, nil)
        }
        // Senders label text by the standard charset and write the vendor superset (Windows'
        // GBK under "gb2312", NEC characters under "euc-jp"): the superset reads it as meant.
        if let superset = Self.supersets[name], let s = Iconv.decode(bytes, from: superset) { return (s, nil) }
        let known = plain && Iconv.isKnown(name)
        let (text, used) = fallback(bytes)
        let shown = label.map { trimLabel($0) } ?? name
        if known {
            return (text, Defect(.invalidCharsetData, "invalid \(shown) data, read as \(used)"))
        }
        return (text, Defect(.unknownCharset, "unknown charset \(shown), read as \(used)"))
    }

    static let supersets: [String: String] = [
        "gb2312": "gb18030", "gbk": "gb18030", "euc-jp": "euc-jp-ms", "big5": "big5-hkscs",
    ]

    static func fallback(_ bytes: [UInt8]) -> (String, String) {
        if let s = String(validating: bytes, as: UTF8.self) { return (s, "utf-8") }
        return (Windows1252.decode(bytes), "windows-1252")
    }

    static func trimLabel(_ label: String) -> String {
        var s = Substring(label)
        while let f = s.first, f == " " || f == "\"" || f == "'" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\"" || l == "'" { s = s.dropLast() }
        return String(s)
    }

    /// The label lowercased and mapped through the aliases mail uses (RFC 2046 / IANA names).
    /// Latin-1 and ASCII read as windows-1252, as browsers do (WHATWG Encoding): mail labelled
    /// iso-8859-1 routinely carries windows-1252 quotes and dashes in 0x80–0x9F.
    static func canonicalName(_ label: String?) -> String {
        guard let label else { return "us-ascii" }
        let l = trimLabel(label).lowercased()
        if l.isEmpty { return "us-ascii" }
        switch l {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8": return "utf-8"
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "646", "iso-ir-6", "ibm367", "cp367":
            return "us-ascii"
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819",
             "iso_8859-1:1987", "windows-1252", "cp1252", "x-cp1252", "cp-1252", "win-1252", "iso-8859-1-windows-3.1-latin-1":
            return "windows-1252"
        case "cp936", "x-gbk", "gbk", "windows-936", "ms936": return "gbk"
        case "gb2312", "euc-cn", "x-euc-cn", "csgb2312", "chinese", "gb_2312-80": return "gb2312"
        case "gb18030": return "gb18030"
        case "big5", "big-5", "cn-big5", "x-x-big5", "csbig5", "cp950", "windows-950": return "big5"
        case "big5-hkscs", "big5hkscs": return "big5-hkscs"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "s-jis", "windows-31j", "cp932",
             "ms932", "x-ms-cp932":
            // Windows clients label CP932 text as Shift_JIS; CP932 is the superset that reads both.
            return "cp932"
        case "euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese": return "euc-jp"
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1", "iso-2022-jp-2", "iso-2022-jp-3": return "iso-2022-jp-3"
        case "euc-kr", "x-euc-kr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "ksc_5601", "cseuckr", "korean",
             "windows-949", "cp949", "uhc":
            // Outlook labels Korean as ks_c_5601-1987 and sends CP949 (unified Hangul).
            return "cp949"
        case "iso-2022-kr": return "iso-2022-kr"
        case "koi8-r", "koi8r", "cskoi8r", "koi8": return "koi8-r"
        case "koi8-u", "koi8u", "koi8-ru": return "koi8-u"
        case "tis-620", "tis620", "windows-874", "cp874", "iso-8859-11": return "cp874"
        case "utf-16", "utf16": return "utf-16"
        case "utf-16le", "utf-16be", "utf-32", "utf-32le", "utf-32be", "utf-7": return l
        case "macintosh", "mac", "x-mac-roman", "macroman": return "macintosh"
        case "ibm866", "cp866", "866": return "cp866"
        case "cp850", "ibm850": return "cp850"
        case "cp437", "ibm437": return "cp437"
        default: break
        }
        // windows-125x, cp125x, x-cp125x
        for prefix in ["windows-", "x-cp", "cp", "win-", "win"] where l.hasPrefix(prefix) {
            let n = l.dropFirst(prefix.count)
            if n.count == 4, n.hasPrefix("125"), n.last!.isNumber { return "windows-" + n }
        }
        // iso-8859-N, iso8859-N, iso_8859-N, latinN
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_", "iso-8859_"] where l.hasPrefix(prefix) {
            let rest = l.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isNumber }
            if let n = Int(digits), (1...16).contains(n), n != 12 {
                return n == 1 ? "windows-1252" : "iso-8859-\(n)"
            }
        }
        let latin = ["latin2": "iso-8859-2", "l2": "iso-8859-2", "latin3": "iso-8859-3", "latin4": "iso-8859-4",
                     "cyrillic": "iso-8859-5", "arabic": "iso-8859-6", "greek": "iso-8859-7", "hebrew": "iso-8859-8",
                     "latin5": "iso-8859-9", "latin6": "iso-8859-10", "latin7": "iso-8859-13",
                     "latin8": "iso-8859-14", "latin9": "iso-8859-15", "latin-9": "iso-8859-15",
                     "latin10": "iso-8859-16", "visual": "iso-8859-8", "iso-8859-8-i": "iso-8859-8"]
        if let m = latin[l] { return m }
        return l
    }
}
