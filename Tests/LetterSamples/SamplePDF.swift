/// PDFs made from text at test time, so the repository holds no binary letters: one Helvetica page per
/// list of lines, written as a word processor would (a text layer poppler reads), and hostile variants.
package enum SamplePDF {
    /// A PDF of `pages`, each a list of lines; accented Latin letters are written in WinAnsi.
    package static func make(pages: [[String]], fontSize: Int = 11) -> [UInt8] {
        var objects: [String] = []
        // 1: catalog, 2: pages, 3: font, then each page and its content stream.
        let pageIDs = pages.indices.map { 4 + 2 * $0 }
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append("<< /Type /Pages /Kids [\(pageIDs.map { "\($0) 0 R" }.joined(separator: " "))] /Count \(pages.count) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        for (k, lines) in pages.enumerated() {
            var stream = "BT /F1 \(fontSize) Tf \(fontSize + 4) TL 60 780 Td\n"
            for line in lines { stream += "(\(escape(line))) Tj T*\n" }
            stream += "ET"
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents \(pageIDs[k] + 1) 0 R >>")
            objects.append("<< /Length \(latin1(stream).count) >>\nstream\n\(stream)\nendstream")
        }
        return assemble(objects, trailerExtra: "")
    }

    /// A PDF locked by a user password (Standard security handler, RC4 40-bit): poppler cannot open it
    /// without the password, which nobody gave.
    package static func encrypted() -> [UInt8] {
        let hex32 = String(repeating: "7A", count: 32)
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [] /Count 0 >>",
            "<< /Filter /Standard /V 1 /R 2 /O <\(hex32)> /U <\(hex32)> /P -44 >>",
        ]
        return assemble(objects, trailerExtra: " /Encrypt 3 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]")
    }

    /// A PDF whose page tree claims `pages` pages, all the same page object: cheap to write, and a reader
    /// that believes the count has a million pages to go through.
    package static func manyPages(_ pages: Int) -> [UInt8] {
        let kids = Array(repeating: "4 0 R", count: pages).joined(separator: " ")
        let content = "BT /F1 11 Tf 60 780 Td (Page) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
        ]
        return assemble(objects, trailerExtra: "")
    }

    /// A one-page A4 PDF that is only an image, as a scanner writes it (no text layer): `grey` is the
    /// page's 8-bit grey pixels, row by row, stored unfiltered.
    package static func scanned(grey: [UInt8], width: Int, height: Int) -> [UInt8] {
        let content = "q 595 0 0 842 0 0 cm /Im1 Do Q"
        var objects: [[UInt8]] = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        ].map { Array($0.utf8) }
        objects.append(Array("<< /Type /XObject /Subtype /Image /Width \(width) /Height \(height) /ColorSpace /DeviceGray /BitsPerComponent 8 /Length \(grey.count) >>\nstream\n".utf8)
                       + grey + Array("\nendstream".utf8))
        objects.append(Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8))
        var out: [UInt8] = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (k, body) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(k + 1) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return out + Array(table.utf8)
    }

    static func assemble(_ objects: [String], trailerExtra: String) -> [UInt8] {
        var out: [UInt8] = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (k, body) in objects.enumerated() {
            offsets.append(out.count)
            out += latin1("\(k + 1) 0 obj\n\(body)\nendobj\n")
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(repeating: "0", count: 10 - String(o).count) + "\(o) 00000 n \n" }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R\(trailerExtra) >>\nstartxref\n\(xref)\n%%EOF\n"
        out += latin1(table)
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "(", ")", "\\": out += "\\" + String(c)
            default: out.unicodeScalars.append(c.value < 256 || punctuation[c.value] != nil ? c : "?")
            }
        }
        return out
    }

    /// Each character as its one WinAnsi byte: Latin-1, and the typographic punctuation a word processor writes.
    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map(winAnsi) }

    static let punctuation: [UInt32: UInt8] = [
        0x2013: 0x96, 0x2014: 0x97, 0x2018: 0x91, 0x2019: 0x92, 0x201C: 0x93, 0x201D: 0x94, 0x2022: 0x95, 0x2026: 0x85, 0x20AC: 0x80,
    ]

    /// Whether a PDF of this writer can hold the character.
    package static func canWrite(_ c: Unicode.Scalar) -> Bool { c.value < 256 || punctuation[c.value] != nil }

    static func winAnsi(_ c: Unicode.Scalar) -> UInt8 {
        c.value < 256 ? UInt8(c.value) : punctuation[c.value] ?? UInt8(ascii: "?")
    }
}
