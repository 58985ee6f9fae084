/// Safe file names for decoded attachments inside a case folder: the sender chooses the name, so it
/// must never reach outside the folder, hide, or collide.
package struct AttachmentNames: Sendable {
    package static let maxBytes = 120
    /// An extension is kept through truncation and numbering when it is this short: "x." and three hundred
    /// combining marks is one grapheme, but no extension.
    static let maxExtensionBytes = 16
    /// Names given so far, lower-cased (String equality already treats canonically equal spellings alike).
    private var used: Set<String> = []
    /// For each name given, the next number to try for another of the same name: a thousand files of
    /// one name are numbered in linear time, not by trying 2, 3, … again each time.
    private var nextNumber: [String: Int] = [:]
    /// How many numbered names were tried: the property tests hold it linear in the names given.
    private(set) var tries = 0

    package init() {}

    /// A name for the next attachment: no path separators, no `..`, no control characters, no leading
    /// dot, bounded length, and different from every name given before.
    package mutating func name(for proposed: String?, contentType: String, index: Int) -> String {
        var base = Self.sanitize(proposed ?? "")
        if base.isEmpty { base = "attachment-\(index)" + Self.extensionFor(contentType) }
        let baseKey = base.lowercased()
        var candidate = base
        if used.contains(baseKey) {
            // Each number gives a different name (the stem is cut to make room for it), so at most as many
            // tries as there are names already given.
            var n = nextNumber[baseKey] ?? 2
            repeat {
                candidate = Self.numbered(base, n)
                n += 1
                tries += 1
            } while used.contains(candidate.lowercased()) && n <= used.count + 2
            nextNumber[baseKey] = n
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    /// Works on scalars, not Characters: a "/" or "." with a combining mark after it is one Character
    /// that is neither, yet its "/" byte still separates paths and its "." still hides a file.
    static func sanitize(_ raw: String) -> String {
        // Keep only the last path component, whichever separator the sender's system used.
        let scalars = Array(raw.unicodeScalars)
        let start = scalars.lastIndex(where: { $0 == "/" || $0 == "\\" }).map { $0 + 1 } ?? 0
        var kept: [Unicode.Scalar] = []
        for scalar in scalars[start...] {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { continue }          // control characters
            if v == 0x202E || v == 0x202D || v == 0x200E || v == 0x200F || (0x2066...0x2069).contains(v) { continue } // bidi overrides
            if ":*?\"<>|".unicodeScalars.contains(scalar) { kept.append("_"); continue }
            // ".." anywhere becomes "."
            if scalar == ".", kept.last == "." { continue }
            kept.append(scalar)
        }
        // No leading dot, space or dash, nor a mark left attached to nothing; no trailing space or dot.
        let marks: (Unicode.Scalar) -> Bool = {
            let c = $0.properties.generalCategory
            return c == .nonspacingMark || c == .enclosingMark || c == .spacingMark || c == .format || $0.properties.isVariationSelector
        }
        var first = 0
        while first < kept.count, kept[first] == "." || kept[first] == " " || kept[first] == "-" || marks(kept[first]) { first += 1 }
        var end = kept.count
        while end > first, kept[end - 1] == " " || kept[end - 1] == "." { end -= 1 }
        var out = ""
        out.unicodeScalars.append(contentsOf: kept[first..<end])
        if reserved.contains(out.split(separator: ".").first.map { $0.uppercased() } ?? "") { out = "_" + out }
        return truncate(out)
    }

    /// A name's stem and extension (".pdf"), the extension only when short; never a leading dot alone.
    static func split(_ name: String) -> (stem: Substring, ext: Substring) {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex, name[dot...].utf8.count <= maxExtensionBytes {
            return (name[..<dot], name[dot...])
        }
        return (name[...], "")
    }

    /// `stem` cut, whole graphemes at a time, to at most `bytes` of UTF-8.
    static func cut(_ stem: Substring, to bytes: Int) -> Substring {
        var stem = stem
        while stem.utf8.count > bytes, !stem.isEmpty { stem.removeLast() }
        return stem
    }

    /// Shortens a name to `maxBytes` of UTF-8, keeping its extension.
    static func truncate(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        let (stem, ext) = split(name)
        return String(cut(stem, to: maxBytes - ext.utf8.count)) + ext
    }

    /// "letter (2).pdf": the number goes before the extension, and the stem is cut to make room for it,
    /// so the number always survives the length bound.
    static func numbered(_ name: String, _ n: Int) -> String {
        let (stem, ext) = split(name)
        let suffix = " (\(n))"
        return String(cut(stem, to: maxBytes - suffix.utf8.count - ext.utf8.count)) + suffix + ext
    }

    static func extensionFor(_ contentType: String) -> String {
        switch contentType {
        case "application/pdf": return ".pdf"
        case "image/jpeg": return ".jpg"
        case "image/png": return ".png"
        case "image/gif": return ".gif"
        case "image/tiff": return ".tif"
        case "text/plain": return ".txt"
        case "text/html": return ".html"
        case "message/rfc822", "message/global": return ".eml"
        case "application/msword": return ".doc"
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": return ".docx"
        default: return ".bin"
        }
    }

    /// Names Windows will not create, in case the archive is copied there.
    static let reserved: Set<String> = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })
}
