package import JSONOutput

/// The outbox's JSON: `replies list --json` (an array of rows) and `replies show --json` (a row and the
/// message's text). Defined in Schemas/case.schema.json as `replyRow`, `replyList` and `replyShow`; keys in
/// that order, an unknown value null.
package enum ReplyJSON {
    package static func row(_ r: ReplyRecord, into o: inout JSONWriter.Object) {
        members(r, into: &o, outbox: true)
    }

    /// A sent reply's facts beside its copy in the case folder (`replies/rN.json`, what `store rebuild`
    /// reads): the same members without the outbox's own state, which a rebuilt store sets afresh.
    package static func archived(_ r: ReplyRecord) -> [UInt8] {
        JSONWriter.object { members(r, into: &$0, outbox: false) }
    }

    /// The one list of a reply's members, in the documented order; `outbox` adds where it stands in the outbox.
    static func members(_ r: ReplyRecord, into o: inout JSONWriter.Object, outbox: Bool) {
        o.field("messageId", r.messageID)
        o.field("caseId", r.caseID)
        o.field("sequence", r.sequence)
        o.field("kind", r.reply.kind)
        if outbox { o.field("state", r.state.rawValue) }
        o.field("recipient", r.reply.recipient)
        o.field("sender", r.reply.sender)
        o.field("subject", r.reply.subject)
        o.field("language", r.reply.language)
        if outbox {
            o.field("attempts", r.attempts)
            o.field("nextAttemptAt", r.nextAttemptAt)
            o.field("lastError", r.lastError)
        }
        o.field("createdAt", r.createdAt)
        o.field("sentAt", r.sentAt)
        if outbox { o.field("copiedAt", r.copiedAt) }
    }

    package static func list(_ replies: [ReplyRecord]) -> [UInt8] {
        var w = JSONWriter()
        w.array(replies) { w, r in w.object { row(r, into: &$0) } }
        return w.bytes
    }

    /// A row, then the whole message as text (its bytes read as UTF-8: a reply intake composed is).
    package static func show(_ r: ReplyRecord) -> [UInt8] {
        JSONWriter.object { o in
            row(r, into: &o)
            o.field("message", String(decoding: r.reply.bytes, as: UTF8.self))
        }
    }
}
