/// A word-processing document's text: DOCX (word/document.xml) and ODT (content.xml) are zips of XML,
/// read by unzip in a confined process; the zip is never inflated in intake. A bomb meets the entry
/// count before anything is inflated, and the output limit while its one entry is.
struct DocumentText {
    let limits: ConverterLimits

    enum Kind {
        case docx, odt
        var entry: String { self == .docx ? "word/document.xml" : "content.xml" }
    }

    func read(_ folder: PrivateFolder, file: String, kind: Kind) throws(LetterRefusal) -> String {
        let listing = try ConfinedProcess(tool: "unzip", arguments: ["-Z1", folder.file(file)], folder: folder, limits: limits).run()
        guard listing.succeeded else {
            throw .converterFailed(tool: "unzip", reason: "could not read it as a zip (a \(kind == .docx ? "DOCX" : "ODT") file is one)")
        }
        let entries = String(decoding: listing.output, as: UTF8.self).split(whereSeparator: \.isNewline)
        guard entries.count <= limits.archiveEntries else {
            throw .refused("the document holds \(entries.count) files, more than the \(limits.archiveEntries) a letter could")
        }
        guard entries.contains(where: { $0 == kind.entry }) else { throw .refused("the document has no \(kind.entry)") }
        var bounded = limits
        bounded.outputBytes = limits.documentBytes
        let run = try ConfinedProcess(tool: "unzip", arguments: ["-p", folder.file(file), kind.entry], folder: folder, limits: bounded).run()
        guard run.succeeded else {
            if run.signal == 25 /* SIGXFSZ */ {
                throw .refused("its \(kind.entry) inflates to more than \(limits.documentBytes / 1_000_000) MB (a zip bomb, or no letter)")
            }
            throw ConfinedProcess.refusal(for: run, tool: "unzip", limits: bounded)
        }
        return DocumentXML.text(run.output, kind: kind)
    }
}

/// The text of a DOCX or ODT body: paragraphs and breaks as lines, tabs as tabs, and a table's row as
/// one line with its cells separated by " | " (as the MIME module writes an HTML table), so a count in
/// a table reads as it does in a mail.
enum DocumentXML {
    static func text(_ xml: [UInt8], kind: DocumentText.Kind) -> String {
        var out: [UInt8] = []
        var i = 0
        var inText = false
        var inBody = kind == .docx
        var cellDepth = 0
        var cellsInRow = 0
        func newline() { if out.last != UInt8(ascii: "\n") || cellDepth == 0 { out.append(UInt8(ascii: "\n")) } }
        // A cell's paragraphs are joined by spaces; none is left before the cell's end.
        func trimSpaces() { while out.last == UInt8(ascii: " ") { out.removeLast() } }
        while i < xml.count {
            let c = xml[i]
            if c == UInt8(ascii: "<") {
                var end = i + 1
                while end < xml.count, xml[end] != UInt8(ascii: ">") { end += 1 }
                let tag = xml[(i + 1)..<min(end, xml.count)]
                let closing = tag.first == UInt8(ascii: "/")
                let nameBytes = tag.drop { $0 == UInt8(ascii: "/") }.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\t") && $0 != UInt8(ascii: "\n") }
                let name = String(decoding: nameBytes, as: UTF8.self)
                let selfClosing = tag.last == UInt8(ascii: "/")
                switch (kind, name) {
                case (.docx, "w:t"): inText = !closing && !selfClosing
                case (.docx, "w:tab"), (.odt, "text:tab"): if !closing { out.append(UInt8(ascii: "\t")) }
                case (.docx, "w:br"), (.docx, "w:cr"), (.odt, "text:line-break"): if !closing { newline() }
                case (.docx, "w:p"), (.odt, "text:p"), (.odt, "text:h"):
                    if closing { if cellDepth > 0 { out.append(UInt8(ascii: " ")) } else { newline() } }
                case (.docx, "w:tc"), (.odt, "table:table-cell"):
                    if closing { trimSpaces(); cellDepth -= 1 } else if !selfClosing {
                        if cellsInRow > 0 { trimSpaces(); out += Array(" | ".utf8) }
                        cellsInRow += 1
                        cellDepth += 1
                    }
                case (.docx, "w:tr"), (.odt, "table:table-row"):
                    if closing { newline() }
                    cellsInRow = 0
                case (.odt, "office:body"): inBody = !closing
                case (.odt, "text:s"):
                    // <text:s text:c="3"/>: that many spaces.
                    let attributes = String(decoding: tag, as: UTF8.self)
                    var n = 1
                    if let r = attributes.range(of: "text:c=\"") {
                        n = Int(attributes[r.upperBound...].prefix { $0.isNumber }) ?? 1
                    }
                    out += [UInt8](repeating: UInt8(ascii: " "), count: min(n, 200))
                default: break
                }
                i = end + 1
                continue
            }
            if (kind == .docx && inText) || (kind == .odt && inBody) {
                if c == UInt8(ascii: "&") {
                    var end = i + 1
                    while end < xml.count, end - i < 12, xml[end] != UInt8(ascii: ";") { end += 1 }
                    if end < xml.count, xml[end] == UInt8(ascii: ";") {
                        out += entity(String(decoding: xml[(i + 1)..<end], as: UTF8.self))
                        i = end + 1
                        continue
                    }
                }
                // Layout whitespace between ODT elements is not text; inside a paragraph it is.
                if kind == .odt, c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") { i += 1; continue }
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func entity(_ name: String) -> [UInt8] {
        switch name {
        case "amp": return [UInt8(ascii: "&")]
        case "lt": return [UInt8(ascii: "<")]
        case "gt": return [UInt8(ascii: ">")]
        case "quot": return [UInt8(ascii: "\"")]
        case "apos": return [UInt8(ascii: "'")]
        default:
            let value = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
            guard let value, let scalar = Unicode.Scalar(value) else { return Array("&\(name);".utf8) }
            return Array(String(Character(scalar)).utf8)
        }
    }
}
