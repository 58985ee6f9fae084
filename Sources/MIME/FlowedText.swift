/// RFC 3676's format=flowed: Thunderbird, Apple Mail and others wrap a paragraph into lines that end in a
/// space (a soft break). Read as written, "licensed for 7 ⏎ 000 users" holds two numbers; unflowed, one.
package enum FlowedText {
    /// How a text/plain body was sent: flowed, and whether its soft breaks' spaces are deleted (DelSp=yes).
    package struct Format: Sendable, Equatable {
        package var delSp: Bool
        package init(delSp: Bool) { self.delSp = delSp }
    }

    /// `text` (line ends "\n") with its soft breaks joined and space-stuffing undone. Quoted lines keep
    /// their depth as "> " marks; a paragraph never runs across a change of depth, and "-- " (the signature
    /// separator) is never a soft break.
    package static func unflowed(_ text: String, delSp: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var paragraph = ""
        var paragraphDepth = 0
        var inParagraph = false

        func flush() {
            guard inParagraph else { return }
            if !out.isEmpty { out += "\n" }
            if paragraphDepth > 0 { out += String(repeating: ">", count: paragraphDepth) + (paragraph.isEmpty ? "" : " ") }
            out += paragraph
            paragraph = ""
            inParagraph = false
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // A final line end leaves an empty last piece: not a line of its own.
        let count = text.hasSuffix("\n") ? lines.count - 1 : lines.count
        for index in 0..<count {
            var line = lines[index]
            var depth = 0
            while line.first == ">" { depth += 1; line = line.dropFirst() }
            // Space-stuffing: one space put before a line that starts with a space, ">" or "From ".
            if line.first == " " { line = line.dropFirst() }
            if inParagraph, depth != paragraphDepth { flush() }
            let soft = line.last == " " && line != "-- "
            var content = line
            if soft, delSp { content = content.dropLast() }
            if !inParagraph { inParagraph = true; paragraphDepth = depth }
            paragraph += content
            if !soft { flush() }
        }
        flush()
        return text.hasSuffix("\n") ? out + "\n" : out
    }
}
