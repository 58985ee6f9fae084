/// Plain text from RTF, enough for a message body: paragraphs, tabs, hex and Unicode escapes;
/// font tables, pictures and other destinations dropped.
package enum RTFText {
    static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "footer", "headerl", "headerr",
        "footerl", "footerr", "listtable", "listoverridetable", "themedata", "colorschememapping", "datastore",
        "latentstyles", "rsidtbl", "generator", "xmlnstbl", "mmathPr", "filetbl", "revtbl", "fldinst", "pgdsctbl",
    ]

    // group = "{" *(control-word / control-symbol / group / text) "}"
    // control-word = "\" 1*ALPHA [ ["-"] 1*DIGIT ] [SP]
    package static func text(fromRTF rtf: [UInt8]) -> String {
        var out: [UInt8] = []
        var skipDepth: [Bool] = [false]
        var codepage = "windows-1252"
        var ucSkip = 1
        var pendingSkip = 0
        var hexRun: [UInt8] = []
        var i = 0
        func flushHex() {
            if hexRun.isEmpty { return }
            out += Array(Charset.decode(hexRun, label: codepage).text.utf8)
            hexRun.removeAll()
        }
        while i < rtf.count {
            let c = rtf[i]
            let skipping = skipDepth.last ?? false
            switch c {
            case 0x7B:  // {
                flushHex()
                if skipDepth.count < 10_000 { skipDepth.append(skipping) }
                i += 1
                // {\* ...} is an optional destination: dropped.
                if i + 1 < rtf.count, rtf[i] == 0x5C, rtf[i + 1] == 0x2A { skipDepth[skipDepth.count - 1] = true }
            case 0x7D:  // }
                flushHex()
                if skipDepth.count > 1 { skipDepth.removeLast() }
                i += 1
            case 0x5C:  // backslash
                i += 1
                guard i < rtf.count else { break }
                let d = rtf[i]
                if HeaderParser.isAlpha(d) {
                    var j = i
                    while j < rtf.count, HeaderParser.isAlpha(rtf[j]) { j += 1 }
                    let word = String(decoding: rtf[i..<j], as: UTF8.self)
                    var k = j
                    if k < rtf.count, rtf[k] == 0x2D { k += 1 }
                    while k < rtf.count, HeaderParser.isDigit(rtf[k]), k - j < 10 { k += 1 }
                    let param = Int(String(decoding: rtf[j..<k], as: UTF8.self))
                    if k < rtf.count, rtf[k] == 0x20 { k += 1 }
                    i = k
                    if word != "u" { flushHex() }
                    if skipDepth.count > 1, skippedDestinations.contains(word) { skipDepth[skipDepth.count - 1] = true }
                    if skipping { continue }
                    switch word {
                    case "par", "line", "sect", "page": out.append(0x0A)
                    case "tab", "cell": out.append(0x09)
                    case "row": out.append(0x0A)
                    case "ansicpg": if let p = param { codepage = p == 65001 ? "utf-8" : "windows-\(p)" }
                    case "uc": ucSkip = max(0, param ?? 1)
                    case "u":
                        flushHex()
                        if var v = param {
                            if v < 0 { v += 65536 }
                            if let s = Unicode.Scalar(UInt32(v)) { out += Array(String(Character(s)).utf8) }
                        }
                        pendingSkip = ucSkip
                    case "emdash": out += Array("—".utf8)
                    case "endash": out += Array("–".utf8)
                    case "bullet": out += Array("•".utf8)
                    case "lquote": out += Array("‘".utf8)
                    case "rquote": out += Array("’".utf8)
                    case "ldblquote": out += Array("“".utf8)
                    case "rdblquote": out += Array("”".utf8)
                    default: break
                    }
                    continue
                }
                if d == 0x27, i + 2 < rtf.count, let h = hexValue(rtf[i + 1]), let l = hexValue(rtf[i + 2]) {
                    i += 3
                    if skipping { continue }
                    if pendingSkip > 0 { pendingSkip -= 1; continue }
                    hexRun.append(h << 4 | l)
                    continue
                }
                flushHex()
                i += 1
                if skipping { continue }
                switch d {
                case 0x5C, 0x7B, 0x7D: out.append(d)
                case 0x7E: out += [0xC2, 0xA0]
                case 0x0A, 0x0D: out.append(0x0A)
                default: break
                }
            case 0x0D, 0x0A:
                i += 1
            default:
                flushHex()
                i += 1
                if skipping { continue }
                if pendingSkip > 0 { pendingSkip -= 1; continue }
                out.append(c)
            }
        }
        flushHex()
        return String(decoding: out, as: UTF8.self).trimmingSpaces()
    }
}
