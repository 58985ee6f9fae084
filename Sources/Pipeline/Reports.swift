import Filing
package import JSONOutput
package import Extraction
package import MIME
package import RuleEngine

/// The JSON shapes other tools read (`check --json`, `parse --json`). Keys are written in the
/// documented order, unknown values as null.
package enum Reports {
    /// `attachments` is the attachments' JSON when it was worked out ahead (it hashes every one);
    /// `fields` and `findings` are the decision's, encoded, when the caller has them for the store.
    package static func check(_ d: Decider.Decision, attachments precomputed: String? = nil,
                             fields: String? = nil, findings: String? = nil) -> [UInt8] {
        let m = d.message
        var out = JSONWriter()
        out.object {
            $0.field("messageId", m.messageID)
            $0.field("from", d.unparseable ? nil : m.from.first?.address)
            $0.field("subject", m.subject)
            if let fields { $0.raw("request", fields) } else { $0.object("request") { request(&$0, d.extraction.fields) } }
            if let precomputed { $0.raw("attachments", precomputed) } else { $0.array("attachments", m.attachments, attachment) }
            $0.field("verdict", d.verdict.name)
            if let findings { $0.raw("findings", findings) } else { $0.array("findings", d.findings, finding) }
        }
        return out.bytes
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
        w.object {
            $0.field("filename", a.filename)
            $0.field("contentType", a.contentType)
            $0.field("size", a.bytes.count)
            $0.field("sha256", CaseStore.sha256(a.bytes))
        }
    }

    /// The attachments' JSON (it hashes every one), worked out ahead of the decision.
    static func attachments(_ m: Message) -> String {
        var out = JSONWriter()
        out.array(m.attachments, attachment)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// A JSON string literal.
    package static func quote(_ s: String) -> String { JSONWriter.quote(s) }

    /// The request's fields in the documented order, unknown ones as null. The store keeps the same text.
    package static func request(_ f: RequestFields) -> String {
        String(decoding: JSONWriter.object { request(&$0, f) }, as: UTF8.self)
    }

    static func request(_ o: inout JSONWriter.Object, _ f: RequestFields) {
        o.field("requesterName", f.requesterName)
        o.field("requesterTitle", f.requesterTitle)
        o.field("organization", f.organization)
        o.field("department", f.department)
        o.field("organizationKind", f.organizationKind?.rawValue)
        o.field("product", f.product)
        o.field("domainAccounts", f.domainAccounts)
        o.field("licensedUsers", f.licensedUsers)
        o.field("requestedUsers", f.requestedUsers)
        o.field("reason", f.reason)
        let c = f.commitments
        o.object("commitments") {
            $0.field("activeBelowLimit", c.activeBelowLimit)
            $0.field("notifyIfExceeded", c.notifyIfExceeded)
            $0.field("allowVerification", c.allowVerification)
        }
        o.field("maintenance", f.maintenance?.rawValue)
    }

    /// The findings in the documented order: rule, severity, message, then what is known of missing and matched.
    package static func findings(_ list: [Finding]) -> String {
        var out = JSONWriter()
        out.array(list, finding)
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func finding(_ w: inout JSONWriter, _ finding: Finding) {
        w.object {
            $0.field("rule", finding.rule)
            $0.field("severity", finding.severity.name)
            $0.field("message", finding.message)
            if let missing = finding.missing { $0.strings("missing", missing) }
            if let matched = finding.matched { $0.field("matched", matched) }
        }
    }
}
