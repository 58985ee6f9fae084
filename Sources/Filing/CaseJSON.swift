package import Extraction
package import JSONOutput
package import RuleEngine

/// The one encoder of the case record: `check --json`, a case's request.json, `poll --json`, the store's
/// text of a request and its findings, `cases list --json`, `cases export` and `cases show --json` with
/// its history are all written here, as bytes. Each shape is `Schemas/case.schema.json`'s (documented in
/// docs/case-record.md); keys in the order it lists, an unknown value null, never left out.
package enum CaseJSON {
    // MARK: the request and its findings

    /// The request's fields in `RequestFields.schema`'s order, a nested object's fields together.
    package static func request(_ f: RequestFields, into w: inout JSONWriter) {
        w.object { o in
            for group in RequestFields.groups {
                if let parent = group.parent {
                    o.object(parent) { nested in
                        for field in group.fields { member(field.key, field.value(f), &nested) }
                    }
                } else {
                    member(group.fields[0].key, group.fields[0].value(f), &o)
                }
            }
        }
    }

    package static func request(_ f: RequestFields) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 512)
        request(f, into: &w)
        return w.bytes
    }

    static func member(_ key: String, _ value: FieldValue?, _ o: inout JSONWriter.Object) {
        switch value {
        case .text(let s)?: o.field(key, s)
        case .number(let n)?: o.field(key, n)
        case .flag(let b)?: o.field(key, b)
        case nil: o.field(key, nil as String?)
        }
    }

    /// Rule, severity, message, then `missing` and `matched` only when the rule has them.
    package static func findings(_ list: [Finding], into w: inout JSONWriter) {
        w.array(list) { w, finding in
            w.object {
                $0.field("rule", finding.rule)
                $0.field("severity", finding.severity.name)
                $0.field("message", finding.message)
                if let missing = finding.missing { $0.strings("missing", missing) }
                if let matched = finding.matched { $0.field("matched", matched) }
            }
        }
    }

    package static func findings(_ list: [Finding]) -> [UInt8] {
        var w = JSONWriter()
        findings(list, into: &w)
        return w.bytes
    }

    /// One attachment as `check --json` (and `parse --json`) list it.
    package static func attachment(filename: String?, contentType: String, size: Int, sha256: String, into w: inout JSONWriter) {
        w.object {
            $0.field("filename", filename)
            $0.field("contentType", contentType)
            $0.field("size", size)
            $0.field("sha256", sha256)
        }
    }

    // MARK: the decision on one message (check --json, request.json)

    /// `checkRecord`. `request` is the request's JSON, nil for a message quarantined unread (null);
    /// `attachments` and `findings` are JSON arrays written by `attachment` and `findings`.
    package static func checkRecord(messageID: String?, from: String?, subject: String?, request: [UInt8]?,
                                    attachments: [UInt8], verdict: Verdict, findings: [UInt8]) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 1024 + (request?.count ?? 0) + attachments.count + findings.count)
        w.object {
            $0.field("messageId", messageID)
            $0.field("from", from)
            $0.field("subject", subject)
            if let request { $0.raw("request", request) } else { $0.field("request", nil as String?) }
            $0.raw("attachments", attachments)
            $0.field("verdict", verdict.name)
            $0.raw("findings", findings)
        }
        return w.bytes
    }

    /// request.json's `"filed"`.
    static func filed(_ f: FiledFacts) -> [UInt8] {
        JSONWriter.object {
            $0.field("caseId", f.caseId)
            $0.field("filedAt", f.filedAt)
            $0.field("receivedAt", f.receivedAt)
            $0.field("rulesVersion", f.rulesVersion)
            $0.field("source", f.source)
            $0.field("sourceId", f.sourceId)
            $0.field("updatedAt", f.updatedAt)
        }
    }

    /// request.json's `"decision"`.
    static func decision(_ d: PersonDecision) -> [UInt8] {
        JSONWriter.object {
            $0.field("at", d.at)
            $0.field("by", d.by)
            $0.field("decision", d.decision)
            $0.field("note", d.note)
            $0.field("state", d.state)
        }
    }

    /// request.json's `"followUps"`: each follow-up of a case, in the order it joined (with message.eml,
    /// all `store rebuild` needs to join them again).
    static func followUps(_ list: [CaseMessage]) -> [UInt8] {
        var w = JSONWriter()
        w.array(list) { w, m in message(m, into: &w) }
        return w.bytes
    }

    /// One message of a case, as request.json's `followUps` and `cases show --json`'s `messages` list it.
    static func message(_ m: CaseMessage, into w: inout JSONWriter) {
        w.object {
            $0.field("role", m.role.rawValue)
            $0.field("file", m.file)
            $0.field("sha256", m.sha256)
            $0.field("messageId", m.messageID)
            $0.field("from", m.from)
            $0.field("subject", m.subject)
            $0.field("source", m.source)
            $0.field("sourceId", m.sourceID)
            $0.field("receivedAt", m.receivedAt)
            $0.field("addedAt", m.addedAt)
            $0.field("afterDecision", m.afterDecision)
        }
    }

    // MARK: poll --json

    /// A filed message's line: its request.json as `result` (null when it cannot be read back).
    /// `joined`: the message was a follow-up and joined the case (the record is the case's, decided again).
    package static func pollFiled(caseID: String, folder: CaseFolder, sourceID: String, record: [UInt8]?, joined: Bool = false) -> [UInt8] {
        JSONWriter.object {
            $0.field("status", joined ? "joined" : "filed")
            $0.field("caseId", caseID)
            $0.field("folder", folder.name)
            $0.field("sourceId", sourceID)
            if let record { $0.raw("result", record) } else { $0.field("result", nil as String?) }
        }
    }

    package static func pollAlreadyOnFile(sourceID: String) -> [UInt8] {
        JSONWriter.object {
            $0.field("status", "already-on-file")
            $0.field("sourceId", sourceID)
        }
    }

    /// `status` is failed (the message is retried next pass) or stopped (the pass ended on it).
    package static func pollError(status: String, sourceID: String, error: String) -> [UInt8] {
        JSONWriter.object {
            $0.field("status", status)
            $0.field("sourceId", sourceID)
            $0.field("error", error)
        }
    }

    // MARK: a case on file (cases list, export, show)

    /// `caseRow`'s members: `CaseColumns.all`, each in its type.
    static func row(_ r: CaseRecord, into o: inout JSONWriter.Object) {
        for column in CaseColumns.all {
            switch column.value(r) {
            case .text(let s): o.field(column.name, s)
            case .number(let n): o.field(column.name, n)
            case .flag(let b): o.field(column.name, b)
            case .list(let items): o.strings(column.name, items)
            }
        }
    }

    /// `caseList`: one array, a case an element on a line of its own (people read it too).
    package static func list(_ cases: [CaseRecord]) -> [UInt8] {
        var w = JSONWriter(reservingCapacity: 2048 * max(cases.count, 1))
        w.raw("[".utf8)
        for (i, r) in cases.enumerated() {
            if i > 0 { w.raw(",\n".utf8) }
            w.object { row(r, into: &$0) }
        }
        w.raw("]".utf8)
        return w.bytes
    }

    /// `caseShow`: the row, then the rules' own verdict, the source, the server copy's move when one waits
    /// (null when none), the request and findings as `check --json` has them, the earlier decisions and the audit log.
    package static func show(_ r: CaseRecord, history: [CaseHistoryEntry], events: [CaseEvent], messages: [CaseMessage],
                             serverMove: ServerMove? = nil) -> [UInt8] {
        JSONWriter.object { o in
            row(r, into: &o)
            o.field("rulesVerdict", Verdict(findings: r.findings).word)
            o.field("source", r.source)
            o.field("sourceId", r.sourceID)
            if let m = serverMove {
                o.object("serverMove") {
                    $0.field("from", m.from.name)
                    $0.field("to", m.to.name)
                    $0.field("since", m.since)
                    $0.field("lastReason", m.lastReason)
                }
            } else {
                o.raw("serverMove", "null")
            }
            o.raw("request", request(r.fields))
            o.raw("findingsInFull", findings(r.findings))
            o.array("history", history) { w, h in
                w.object {
                    $0.field("decidedAt", h.decidedAt)
                    $0.field("verdict", h.verdict.word)
                    $0.field("rulesVersion", h.rulesVersion)
                    $0.strings("findings", h.findings.map(\.rule))
                }
            }
            o.array("messages", messages) { w, m in message(m, into: &w) }
            o.array("events", events) { w, e in
                w.object {
                    $0.field("at", e.at)
                    $0.field("kind", e.kind)
                    $0.field("by", e.by)
                    $0.field("detail", e.detail)
                }
            }
        }
    }
}
