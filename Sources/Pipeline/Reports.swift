import Filing
package import JSONOutput
package import Extraction
package import MIME
import RuleEngine

/// The JSON shapes other tools read (`check --json`, `parse --json`). Keys are written in the
/// documented order, unknown values as null.
package enum Reports {
    /// `check --json` (`CaseJSON.checkRecord`). `attachments` is the attachments' JSON when it was
    /// worked out ahead (it hashes every one); `fields` and `findings` are the decision's, encoded, when
    /// the caller has them for the store.
    package static func check(_ d: Decider.Decision, attachments precomputed: String? = nil,
                             fields: [UInt8]? = nil, findings: [UInt8]? = nil) -> [UInt8] {
        let m = d.message
        return CaseJSON.checkRecord(messageID: m.messageID, from: d.unparseable ? nil : m.from.first?.address, subject: m.subject,
                                    request: fields ?? CaseJSON.request(d.extraction.fields),
                                    attachments: precomputed.map { Array($0.utf8) } ?? Array(attachments(m).utf8),
                                    verdict: d.verdict, findings: findings ?? CaseJSON.findings(d.findings))
    }

    /// `parse --json`'s object for one message, appended to `out`.
    /// With `letters` (`parse --letters`), one more member: each letter as it was read.
    package static func parse(_ m: Message, letters: [Letter]? = nil, into out: inout JSONWriter) {
        out.object {
            $0.field("messageId", m.messageID)
            $0.field("subject", m.subject)
            $0.field("date", m.date)
            $0.array("from", m.from, address)
            $0.array("to", m.to, address)
            $0.array("cc", m.cc, address)
            $0.array("replyTo", m.replyTo, address)
            $0.field("textBody", m.textBody)
            $0.field("htmlBody", m.htmlBody)
            $0.array("attachments", m.attachments, attachment)
            $0.array("defects", m.defects) { w, d in w.string(d.description) }
            if let letters { $0.array("letters", letters, letter) }
        }
    }

    /// A letter as read: `outcome` is read, unreadable (a converter tried: `reason` says why) or notRead
    /// (no converter reads its kind); each page's `method` is textLayer, ocr (with Tesseract's mean word
    /// `confidence`, 0–100) or document.
    static func letter(_ w: inout JSONWriter, _ letter: Letter) {
        w.object {
            $0.field("attachment", letter.attachment)
            $0.field("contentType", letter.contentType)
            switch letter.outcome {
            case .read(let pages, let notes):
                $0.field("outcome", "read")
                $0.field("reason", nil as String?)
                $0.strings("notes", notes)
                $0.array("pages", pages, page)
            case .unreadable(let reason), .notRead(let reason):
                if case .unreadable = letter.outcome { $0.field("outcome", "unreadable") } else { $0.field("outcome", "notRead") }
                $0.field("reason", reason)
                $0.strings("notes", [])
                $0.array("pages", [Letter.Page](), page)
            }
        }
    }

    static func page(_ w: inout JSONWriter, _ page: Letter.Page) {
        w.object {
            $0.field("number", page.number)
            switch page.method {
            case .textLayer: $0.field("method", "textLayer"); $0.field("confidence", nil as Int?)
            case .ocr(let confidence): $0.field("method", "ocr"); $0.field("confidence", Int(confidence.rounded()))
            case .document: $0.field("method", "document"); $0.field("confidence", nil as Int?)
            }
            $0.field("text", page.text)
        }
    }

    static func address(_ w: inout JSONWriter, _ a: Address) {
        w.object {
            $0.field("name", a.name)
            $0.field("address", a.address)
        }
    }

    static func attachment(_ w: inout JSONWriter, _ a: Attachment) {
        CaseJSON.attachment(filename: a.filename, contentType: a.contentType, size: a.bytes.count, sha256: CaseStore.sha256(a.bytes), into: &w)
    }

    /// The attachments' JSON (it hashes every one), worked out ahead of the decision.
    static func attachments(_ m: Message) -> String {
        var out = JSONWriter()
        out.array(m.attachments, attachment)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
