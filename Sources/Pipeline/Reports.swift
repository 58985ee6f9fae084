import Filing
package import JSONOutput
package import Extraction
package import MIME
package import RuleEngine

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
    package static func parse(_ m: Message, into out: inout JSONWriter) {
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
