/// Safe file names for decoded attachments inside a case folder: the sender chooses the name, so it
/// must never reach outside the folder, hide, or collide.
public struct AttachmentNames: Sendable {
    public static let maxBytes = 120
    private var used: Set<String> = []

    public init() {}

    /// A name for the next attachment: no path separators, no `..`, no control characters, no leading
    /// dot, bounded length, and different from every name given before.
    public mutating func name(for proposed: String?, contentType: String, index: Int) -> String {
        var base = Self.sanitize(proposed ?? "")
        if base.isEmpty { base = "attachment-\(index)" + Self.extensionFor(contentType) }
        var candidate = base
        var n = 2
        while used.contains(candidate.lowercased()) {
            candidate = Self.numbered(base, n)
            n += 1
        }
        used.insert(candidate.lowercased())
        return candidate
    }

    static func sanitize(_ raw: String) -> String {
        // Keep only the last path component, whichever separator the sender's system used.
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var out = ""
        for scalar in last.unicodeScalars {
            let v = scalar.value
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { continue }          // control characters
            if v == 0x202E || v == 0x202D || v == 0x200E || v == 0x200F || (0x2066...0x2069).contains(v) { continue } // bidi overrides
            if [":", "*", "?", "\"", "<", ">", "|"].contains(Character(scalar)) { out.unicodeScalars.append("_"); continue }
            out.unicodeScalars.append(scalar)
        }
        while out.contains("..") { out = out.replacing("..", with: ".") }
        out = String(out.drop(while: { $0 == "." || $0 == " " || $0 == "-" }))
        while let l = out.last, l == " " || l == "." { out.removeLast() }
        if reserved.contains(out.split(separator: ".").first.map { $0.uppercased() } ?? "") { out = "_" + out }
        return truncate(out)
    }

    /// Shortens a name to `maxBytes` of UTF-8, keeping its extension.
    static func truncate(_ name: String) -> String {
        guard name.utf8.count > maxBytes else { return name }
        var ext = ""
        if let dot = name.lastIndex(of: "."), name.distance(from: dot, to: name.endIndex) <= 10 {
            ext = String(name[dot...])
        }
        var stem = String(name.dropLast(ext.count))
        while stem.utf8.count + ext.utf8.count > maxBytes { stem.removeLast() }
        return stem + ext
    }

    static func numbered(_ name: String, _ n: Int) -> String {
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            return truncate(String(name[..<dot]) + " (\(n))" + String(name[dot...]))
        }
        return truncate(name + " (\(n))")
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
