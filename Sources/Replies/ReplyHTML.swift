/// The HTML alternative of a reply: the same text, escaped, a paragraph per block of lines.
enum ReplyHTML {
    static func page(_ text: String, language: String) -> String {
        let blocks = text.split(separator: "\n", omittingEmptySubsequences: false)
            .split(whereSeparator: { $0.isEmpty })
            .map { lines in "<p>" + lines.map { escape(String($0)) }.joined(separator: "<br>\n") + "</p>" }
        return "<!DOCTYPE html>\n<html lang=\"\(escape(language))\">\n<head><meta charset=\"utf-8\"></head>\n"
            + "<body>\n" + blocks.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
