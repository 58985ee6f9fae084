import MIME

/// The `parse --json` shape without sha256 (what the fixtures hold), plus "file".
func renderJSON(_ m: Message, path: String) -> String {
    func addrs(_ a: [Address]) -> String {
        "[" + a.map { "{\"name\":\(str($0.name)),\"address\":\(str($0.address))}" }.joined(separator: ",") + "]"
    }
    let atts = m.attachments.map {
        "{\"filename\":\(str($0.filename)),\"contentType\":\(str($0.contentType)),\"size\":\($0.bytes.count)}"
    }.joined(separator: ",")
    return "{\"file\":\(str(path)),\"messageId\":\(str(m.messageID)),\"subject\":\(str(m.subject)),\"date\":\(str(m.date)),"
        + "\"from\":\(addrs(m.from)),\"to\":\(addrs(m.to)),\"cc\":\(addrs(m.cc)),\"replyTo\":\(addrs(m.replyTo)),"
        + "\"textBody\":\(str(m.textBody)),\"htmlBody\":\(str(m.htmlBody)),\"attachments\":[\(atts)],"
        + "\"defects\":[\(m.defects.map { str($0.description) }.joined(separator: ","))]}"
}

func str(_ s: String?) -> String {
    guard let s else { return "null" }
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if u.value < 0x20 {
                let h = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                out.unicodeScalars.append(u)
            }
        }
    }
    return out + "\""
}
