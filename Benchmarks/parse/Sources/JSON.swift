import JSONOutput
import MIME

/// The `parse --json` shape without sha256 (what the fixtures hold), plus "file", through the one JSON writer.
func renderJSON(_ m: Message, path: String) -> String {
    func address(_ w: inout JSONWriter, _ a: Address) {
        w.object {
            $0.field("name", a.name)
            $0.field("address", a.address)
        }
    }
    var out = JSONWriter()
    out.object {
        $0.field("file", path)
        $0.field("messageId", m.messageID)
        $0.field("subject", m.subject)
        $0.field("date", m.date)
        $0.array("from", m.from, address)
        $0.array("to", m.to, address)
        $0.array("cc", m.cc, address)
        $0.array("replyTo", m.replyTo, address)
        $0.field("textBody", m.textBody)
        $0.field("htmlBody", m.htmlBody)
        $0.array("attachments", m.attachments) { w, a in
            w.object {
                $0.field("filename", a.filename)
                $0.field("contentType", a.contentType)
                $0.field("size", a.bytes.count)
            }
        }
        $0.array("defects", m.defects) { w, d in w.string(d.description) }
    }
    return String(decoding: out.bytes, as: UTF8.self)
}
