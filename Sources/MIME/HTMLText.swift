/// HTML to readable plain text, for mail whose only body is HTML. Not a browser: a tag scanner
/// that knows which elements break lines, which hold no text, and how links read in plain text.
package enum HTMLText {
    /// Block elements become line breaks, list items "- " or "1. ", table rows lines with cells
    /// separated by " | ", quoted replies (<blockquote>) lines starting "> ", entities are
    /// decoded, script/style/head dropped, links kept as "text (url)", whitespace collapsed
    /// outside <pre>.
    package static func text(fromHTML html: String) -> String {
        var w = TextWriter()
        let b = Array(html.utf8)
        var i = 0
        var skipUntil: String? = nil   // closing tag name of script/style/head content being dropped
        var preDepth = 0
        var lists: [(ordered: Bool, counter: Int)] = []
        var links: [(href: String, textStart: Int)] = []
        var cellInRow = 0
        // Inside a table cell, paragraphs break lines only between texts of the same cell: Outlook writes
        // each cell as <td><p class=MsoNormal>…</p></td>, and a row reads "Label | Value" on one line.
        var cellDepth = 0
        var cellTextStart = 0
        // Once a "<" finds no ">" before the end, no later one will: the rest is text. Without
        // this, a document of many unclosed "<" would be scanned to its end once per "<".
        var tagsExhausted = false
        while i < b.count {
            let c = b[i]
            if c == 0x3C {  // "<"
                // Comments and declarations.
                if i + 3 < b.count, b[i + 1] == 0x21, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    i = find(b, Array("-->".utf8), from: i + 4).map { $0 + 3 } ?? b.count
                    continue
                }
                var unclosed = false
                guard !tagsExhausted, let tag = readTag(b, at: i, unclosed: &unclosed) else {
                    if unclosed { tagsExhausted = true }
                    if skipUntil == nil { w.text(c, pre: preDepth > 0) }
                    i += 1
                    continue
                }
                i = tag.end
                if let s = skipUntil {
                    if tag.closing && tag.name == s { skipUntil = nil }
                    continue
                }
                switch tag.name {
                case "script", "style", "head", "title", "template", "noscript", "xml":
                    if !tag.closing && !tag.selfClosing { skipUntil = tag.name }
                case "br":
                    if cellDepth > 0 { if w.count > cellTextStart { w.newline() } } else { w.newline() }
                case "blockquote":
                    w.blockBreak(blank: false)
                    if tag.closing { w.quoteDepth = max(0, w.quoteDepth - 1) } else if !tag.selfClosing { w.quoteDepth += 1 }
                case "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
                     "header", "footer", "address", "dl", "form", "fieldset", "center", "main", "nav", "aside",
                     "figure", "figcaption", "hr", "body", "html":
                    if cellDepth > 0 {
                        if !tag.closing, w.count > cellTextStart { w.newline() }
                    } else {
                        w.blockBreak(blank: tag.name == "p" || tag.name.first == "h" && tag.name.count == 2)
                    }
                case "pre":
                    w.blockBreak(blank: false)
                    preDepth += tag.closing ? (preDepth > 0 ? -1 : 0) : 1
                case "ul", "ol":
                    if tag.closing { _ = lists.popLast() } else { lists.append((tag.name == "ol", 0)) }
                    w.blockBreak(blank: false)
                case "li":
                    if !tag.closing {
                        w.blockBreak(blank: false)
                        let depth = max(0, lists.count - 1)
                        w.raw(String(repeating: "  ", count: depth))
                        if var top = lists.popLast() {
                            top.counter += 1
                            w.raw(top.ordered ? "\(top.counter). " : "- ")
                            lists.append(top)
                        } else {
                            w.raw("- ")
                        }
                    }
                case "dt", "dd", "table", "tbody", "thead", "tfoot", "caption":
                    w.blockBreak(blank: false)
                case "tr":
                    w.blockBreak(blank: false)
                    cellInRow = 0
                    cellDepth = 0
                case "td", "th":
                    if !tag.closing {
                        if cellInRow > 0 { w.raw(" | ") }
                        cellInRow += 1
                        cellDepth += 1
                        cellTextStart = w.count
                    } else {
                        cellDepth = max(0, cellDepth - 1)
                    }
                case "a":
                    if tag.closing {
                        if let link = links.popLast() {
                            let shown = w.textSince(link.textStart).trimmingSpaces()
                            let href = link.href
                            let plainHref = href.hasPrefix("mailto:") ? String(href.dropFirst(7)) : href
                            if !href.isEmpty && !href.hasPrefix("#") && !href.lowercased().hasPrefix("javascript:")
                                && shown != href && shown != plainHref {
                                if shown.isEmpty { w.word(plainHref) } else { w.raw(" (\(plainHref))") }
                            }
                        }
                    } else {
                        let href = decodeEntities(tag.attribute("href") ?? "").trimmingSpaces()
                        links.append((href, w.count))
                    }
                case "img":
                    if let alt = tag.attribute("alt"), !alt.isEmpty { w.word(decodeEntities(alt)) }
                default:
                    break
                }
                continue
            }
            if skipUntil != nil { i += 1; continue }
            if c == 0x26 {  // "&"
                if let (scalars, end) = entity(b, at: i) {
                    for s in scalars { w.textScalar(s, pre: preDepth > 0) }
                    i = end
                    continue
                }
            }
            w.text(c, pre: preDepth > 0)
            i += 1
        }
        return w.finish()
    }

    struct Tag {
        var name: String
        var closing: Bool
        var selfClosing: Bool
        var attributes: ArraySlice<UInt8>
        var end: Int

        // attribute = name [ "=" ( '"' value '"' / "'" value "'" / unquoted ) ]
        func attribute(_ wanted: String) -> String? {
            let a = attributes
            var i = a.startIndex
            while i < a.endIndex {
                while i < a.endIndex, isSpaceOrNewline(a[i]) || a[i] == 0x2F { i += 1 }
                let ns = i
                while i < a.endIndex, !isSpaceOrNewline(a[i]), a[i] != 0x3D, a[i] != 0x2F { i += 1 }
                let name = lowercasedASCII(a[ns..<i])
                while i < a.endIndex, isSpaceOrNewline(a[i]) { i += 1 }
                var value: ArraySlice<UInt8> = []
                if i < a.endIndex, a[i] == 0x3D {
                    i += 1
                    while i < a.endIndex, isSpaceOrNewline(a[i]) { i += 1 }
                    if i < a.endIndex, a[i] == 0x22 || a[i] == 0x27 {
                        let q = a[i]
                        let vs = i + 1
                        i = vs
                        while i < a.endIndex, a[i] != q { i += 1 }
                        value = a[vs..<i]
                        i += 1
                    } else {
                        let vs = i
                        while i < a.endIndex, !isSpaceOrNewline(a[i]) { i += 1 }
                        value = a[vs..<i]
                    }
                }
                if name == wanted { return String(decoding: value, as: UTF8.self) }
                if ns == i { i += 1 }
            }
            return nil
        }
    }

    // tag = "<" ["/"] name *attribute ["/"] ">"
    static func readTag(_ b: [UInt8], at start: Int, unclosed: inout Bool) -> Tag? {
        var i = start + 1
        var closing = false
        if i < b.count, b[i] == 0x2F { closing = true; i += 1 }
        if i < b.count, b[i] == 0x21 || b[i] == 0x3F {
            // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>: dropped.
            guard let gt = b[i...].firstIndex(of: 0x3E) else { unclosed = true; return nil }
            return Tag(name: "!", closing: false, selfClosing: true, attributes: [], end: gt + 1)
        }
        let ns = i
        while i < b.count, HeaderParser.isAlpha(b[i]) || HeaderParser.isDigit(b[i]) || b[i] == 0x3A || b[i] == 0x2D { i += 1 }
        guard i > ns else { return nil }
        let name = lowercasedASCII(b[ns..<i])
        // Find ">" outside quoted attribute values.
        var q: UInt8 = 0
        let attrStart = i
        while i < b.count {
            let c = b[i]
            if q != 0 { if c == q { q = 0 } } else if c == 0x22 || c == 0x27 { q = c } else if c == 0x3E { break }
            i += 1
        }
        guard i < b.count else { unclosed = true; return nil }
        let selfClosing = i > attrStart && b[i - 1] == 0x2F
        return Tag(name: name, closing: closing, selfClosing: selfClosing, attributes: b[attrStart..<i], end: i + 1)
    }

    static func find(_ b: [UInt8], _ pattern: [UInt8], from: Int) -> Int? {
        var i = from
        while i + pattern.count <= b.count {
            if b[i] == pattern[0] && Array(b[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    // entity = "&" name ";" / "&#" 1*DIGIT ";" / "&#x" 1*HEXDIG ";"  (the ";" may be missing)
    static func entity(_ b: [UInt8], at start: Int) -> ([Unicode.Scalar], Int)? {
        var i = start + 1
        guard i < b.count else { return nil }
        if b[i] == 0x23 {
            i += 1
            var hex = false
            if i < b.count, b[i] | 0x20 == 0x78 { hex = true; i += 1 }
            var v: UInt32 = 0
            let ds = i
            while i < b.count, i - ds < 8 {
                if hex, let h = hexValue(b[i]) { v = v * 16 + UInt32(h) } else if !hex, HeaderParser.isDigit(b[i]) {
                    v = v * 10 + UInt32(b[i] - 0x30)
                } else { break }
                i += 1
            }
            guard i > ds else { return nil }
            if i < b.count, b[i] == 0x3B { i += 1 }
            // Numeric references to C1 bytes mean windows-1252, as browsers read them.
            if v >= 0x80 && v < 0xA0 { v = Windows1252.high[Int(v - 0x80)] }
            return ([Unicode.Scalar(v) ?? "\u{FFFD}"], i)
        }
        let ns = i
        while i < b.count, i - ns < 10, HeaderParser.isAlpha(b[i]) || HeaderParser.isDigit(b[i]) { i += 1 }
        guard i > ns else { return nil }
        let name = String(decoding: b[ns..<i], as: UTF8.self)
        guard let v = HTMLEntities.named[name] else { return nil }
        if i < b.count, b[i] == 0x3B { i += 1 }
        return ([Unicode.Scalar(v)!], i)
    }

    static func decodeEntities(_ s: String) -> String {
        guard s.contains("&") else { return s }
        let b = Array(s.utf8)
        var out = String.UnicodeScalarView()
        var i = 0
        var run: [UInt8] = []
        while i < b.count {
            if b[i] == 0x26, let (sc, end) = entity(b, at: i) {
                out.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
                run.removeAll()
                out.append(contentsOf: sc)
                i = end
                continue
            }
            run.append(b[i])
            i += 1
        }
        out.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars)
        return String(out)
    }
}

extension String {
    func trimmingSpaces() -> String {
        // Most strings have nothing to trim: checked on the UTF-8 ends first.
        if let f = utf8.first, let l = utf8.last, f > 0x20, l > 0x20 { return self }
        if isEmpty { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
