import Filing
import Foundation
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
            $0.raw("request", fields ?? request(d.extraction.fields))
            $0.raw("attachments", precomputed ?? attachments(m))
            $0.field("verdict", d.verdict.name)
            $0.raw("findings", findings ?? Self.findings(d.findings))
        }
        return out.bytes
    }

    package static func parse(_ m: Message) -> [UInt8] {
        var out = JSONWriter()
        out.object {
            $0.field("messageId", m.messageID)
            $0.field("subject", m.subject)
            $0.field("date", m.date)
            $0.raw("from", addresses(m.from))
            $0.raw("to", addresses(m.to))
            $0.raw("cc", addresses(m.cc))
            $0.raw("replyTo", addresses(m.replyTo))
            $0.field("textBody", m.textBody)
            $0.field("htmlBody", m.htmlBody)
            $0.raw("attachments", attachments(m))
            $0.raw("defects", JSONWriter.strings(m.defects.map(\.description)))
        }
        return out.bytes
    }

    static func addresses(_ list: [Address]) -> String {
        var out = JSONWriter()
        out.array(list) { w, a in
            w.object {
                $0.field("name", a.name)
                $0.field("address", a.address)
            }
        }
        return out.string
    }

    static func attachments(_ m: Message) -> String {
        var out = JSONWriter()
        out.array(m.attachments) { w, a in
            w.object {
                $0.field("filename", a.filename)
                $0.field("contentType", a.contentType)
                $0.field("size", a.bytes.count)
                $0.field("sha256", CaseStore.sha256(a.bytes))
            }
        }
        return out.string
    }

    /// A JSON string literal.
    package static func quote(_ s: String) -> String { JSONWriter.quote(s) }

    /// The request's fields in `RequestFields.schema`'s order (a nested object's fields together),
    /// unknown ones as null. The store keeps the same text.
    package static func request(_ f: RequestFields) -> String {
        func member(_ o: inout JSONWriter.Object, _ field: RequestField) {
            switch field.value(f) {
            case .text(let s)?: o.field(field.key, s)
            case .number(let n)?: o.field(field.key, n)
            case .flag(let b)?: o.field(field.key, b)
            case nil: o.field(field.key, nil as String?)
            }
        }
        var out = JSONWriter()
        out.object { o in
            for group in RequestFields.groups {
                if let parent = group.parent {
                    o.raw(parent, JSONWriter.object { nested in for field in group.fields { member(&nested, field) } })
                } else {
                    member(&o, group.fields[0])
                }
            }
        }
        return out.string
    }

    /// The findings in the documented order: rule, severity, message, then what is known of missing and matched.
    package static func findings(_ list: [Finding]) -> String {
        var out = JSONWriter()
        out.array(list) { w, finding in
            w.object {
                $0.field("rule", finding.rule)
                $0.field("severity", finding.severity.name)
                $0.field("message", finding.message)
                if let missing = finding.missing { $0.raw("missing", JSONWriter.strings(missing)) }
                if let matched = finding.matched { $0.field("matched", matched) }
            }
        }
        return out.string
    }
}

/// A small JSON writer that keeps keys in the order written (the documented shapes are ordered).
package struct JSONWriter {
    package private(set) var string = ""
    package init() {}
    var bytes: [UInt8] { Array(string.utf8) }

    package struct Object {
        fileprivate var parts: [String] = []
        package mutating func field(_ key: String, _ value: String?) { parts.append(JSONWriter.quote(key) + ":" + (value.map(JSONWriter.quote) ?? "null")) }
        package mutating func field(_ key: String, _ value: Int?) { parts.append(JSONWriter.quote(key) + ":" + (value.map(String.init) ?? "null")) }
        package mutating func field(_ key: String, _ value: Bool?) { parts.append(JSONWriter.quote(key) + ":" + (value.map { $0 ? "true" : "false" } ?? "null")) }
        package mutating func raw(_ key: String, _ json: String) { parts.append(JSONWriter.quote(key) + ":" + json) }
    }

    package mutating func object(_ body: (inout Object) -> Void) {
        var o = Object()
        body(&o)
        string += "{" + o.parts.joined(separator: ",") + "}"
    }

    package static func strings(_ list: [String]) -> String { "[" + list.map(quote).joined(separator: ",") + "]" }

    package static func object(_ body: (inout Object) -> Void) -> String {
        var w = JSONWriter()
        w.object(body)
        return w.string
    }

    package mutating func array<T>(_ items: [T], _ body: (inout JSONWriter, T) -> Void) {
        var parts: [String] = []
        for item in items {
            var w = JSONWriter()
            body(&w, item)
            parts.append(w.string)
        }
        string += "[" + parts.joined(separator: ",") + "]"
    }

    package static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
