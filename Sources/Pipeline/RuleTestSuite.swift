import Extraction
import Foundation
import MIME
package import Replies
import RuleEngine
import Yams

/// `intake rules test`: sample messages beside the verdict, findings and fields they must get.
///   NAME.eml + NAME.expect.yaml  { verdict, findings: [rule ids], fields: {field: value or null},
///                                  reply: {language, kind, contains: [phrases], lacks: [phrases]} }
package enum RuleTestSuite {
    package struct Case: Sendable {
        package var name: String
        package var messagePath: String
        package var expectPath: String
    }

    package struct Result: Sendable {
        package var name: String
        package var passed: Bool
        /// Why the case failed: verdict and findings that differ (these decide pass or fail).
        package var differences: [String]
        /// Fields that were not read as expected (these count toward accuracy only).
        package var fieldMisses: [String]
        package var fieldsRight: Int
        package var fieldsExpected: Int
    }

    package static func cases(in directory: String) throws(PipelineError) -> [Case] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw .ruleTestsUnlistable(directory: directory, exists: FileManager.default.fileExists(atPath: directory))
        }
        return names.filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let stem = String(name.dropLast(4))
            return Case(name: stem, messagePath: directory + "/" + name, expectPath: directory + "/" + stem + ".expect.yaml")
        }
    }

    /// The case id a sample's reply is composed with.
    package static let sampleCaseID = "LX-2026-0000"

    /// `replies`: the reply templates, or why they could not be loaded (only a sidecar with a `reply:`
    /// block needs them).
    package static func run(_ c: Case, decider: Decider, replies: Swift.Result<ReplyComposer, ReplyError>? = nil) -> Result {
        var result = Result(name: c.name, passed: false, differences: [], fieldMisses: [], fieldsRight: 0, fieldsExpected: 0)
        guard let data = FileManager.default.contents(atPath: c.messagePath) else {
            result.differences = ["cannot read \(c.messagePath)"]
            return result
        }
        let text: String
        do { text = try String(contentsOfFile: c.expectPath, encoding: .utf8) } catch {
            // A sidecar that is there but unreadable is not a missing one: say which.
            result.differences = [FileManager.default.fileExists(atPath: c.expectPath)
                ? "\(c.name).expect.yaml cannot be read as UTF-8 text (\(error.localizedDescription)) — save it as UTF-8"
                : "no sidecar \(c.name).expect.yaml beside the message — write one with verdict and findings"]
            return result
        }
        let expected: [String: Any]
        do {
            guard let loaded = try Yams.load(yaml: text) as? [String: Any] else {
                result.differences = ["\(c.name).expect.yaml must be a mapping with verdict, findings and fields"]
                return result
            }
            expected = loaded
        } catch {
            result.differences = ["\(c.name).expect.yaml is not valid YAML: \(error)"]
            return result
        }
        let decision = decider.decide([UInt8](data))
        if let verdict = expected["verdict"] as? String, verdict != decision.verdict.name {
            result.differences.append("verdict: expected \(verdict), got \(decision.verdict.name)")
        } else if expected["verdict"] == nil {
            result.differences.append("the sidecar names no verdict")
        }
        let want = Set((expected["findings"] as? [Any] ?? []).map { "\($0)" })
        let got = Set(decision.findings.map(\.rule))
        if want != got {
            var d = "findings: expected [\(want.sorted().joined(separator: ", "))], got [\(got.sorted().joined(separator: ", "))]"
            if let missing = decision.findings.first(where: { $0.missing != nil })?.missing {
                d += " (missing fields: \(missing.joined(separator: ", ")))"
            }
            result.differences.append(d)
        }
        if let fields = expected["fields"] as? [String: Any] {
            for (name, value) in flatten(fields) {
                result.fieldsExpected += 1
                let actual = decision.extraction.fields.value(of: name)
                if matches(expected: value, actual: actual, field: name) {
                    result.fieldsRight += 1
                } else {
                    result.fieldMisses.append("\(name): expected \(describe(value)), got \(actual.map { "\"\($0)\"" } ?? "null")")
                }
            }
        }
        if let reply = expected["reply"] {
            result.differences += replyDifferences(reply, decision: decision, replies: replies)
        }
        result.fieldMisses.sort()
        result.passed = result.differences.isEmpty
        return result
    }

    /// A sidecar's `reply:` block against the reply the sample would get: its language and kind, phrases its
    /// text must contain and phrases it must not (case and spacing aside).
    static func replyDifferences(_ block: Any, decision: Decider.Decision, replies: Swift.Result<ReplyComposer, ReplyError>?) -> [String] {
        guard let block = block as? [String: Any] else { return ["reply: must be a mapping with language and contains"] }
        let unknown = Set(block.keys).subtracting(["language", "contains", "lacks", "kind"])
        if !unknown.isEmpty { return ["reply: unknown key\(unknown.count == 1 ? "" : "s") \(unknown.sorted().joined(separator: ", ")) — use language, kind, contains and lacks"] }
        let composer: ReplyComposer
        switch replies {
        case .success(let c)?: composer = c
        case .failure(let error)?: return ["reply: the reply templates cannot be used: \(error.description)"]
        case nil: return ["reply: no reply templates were given to check it against"]
        }
        let reply: ComposedReply
        do {
            reply = try decision.reply(caseID: sampleCaseID, composer: composer, ourAddress: "sales@example.com",
                                       date: Date(timeIntervalSince1970: 0), messageID: sampleCaseID + ".r1.0000000000000000@example.com")
        } catch {
            return ["reply: none could be composed: \(error.description)"]
        }
        var differences: [String] = []
        if let language = block["language"].map({ "\($0)" }), language != reply.language {
            differences.append("reply language: expected \(language), got \(reply.language)")
        }
        if let kind = block["kind"].map({ "\($0)" }), kind != reply.kind.rawValue {
            differences.append("reply kind: expected \(kind), got \(reply.kind.rawValue)")
        }
        // The text as the requester's mail client shows it: the composed message parsed back.
        let text = normalize(MessageParser.parse(reply.bytes).textBody ?? "")
        for phrase in (block["contains"] as? [Any] ?? []).map({ "\($0)" }) where !text.contains(normalize(phrase)) {
            differences.append("reply (\(reply.language)) does not contain \"\(phrase)\"")
        }
        for phrase in (block["lacks"] as? [Any] ?? []).map({ "\($0)" }) where text.contains(normalize(phrase)) {
            differences.append("reply (\(reply.language)) contains \"\(phrase)\", which it must not")
        }
        return differences
    }

    static func flatten(_ fields: [String: Any]) -> [(String, Any?)] {
        var out: [(String, Any?)] = []
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            // A nested object ("commitments") holds fields named with its key and a dot.
            if let inner = value as? [String: Any] {
                for (k, v) in inner.sorted(by: { $0.key < $1.key }) { out.append((key + "." + k, v is NSNull ? nil : v)) }
            } else {
                out.append((key, value is NSNull ? nil : value))
            }
        }
        return out
    }

    static func matches(expected: Any?, actual: FieldValue?, field: String) -> Bool {
        switch (expected, actual) {
        case (nil, nil): return true
        case (nil, _), (_, nil): return false
        case (let e as Int, .number(let a)?): return e == a
        case (let e as Bool, .flag(let a)?): return e == a
        case (let e as String, .text(let a)?):
            let want = normalize(e), got = normalize(a)
            // Free text (the reason): the sidecar gives a phrase it must contain.
            return RequestFields.field(named: field)?.kind == .freeText ? got.contains(want) : want == got
        case (let e?, let a?): return normalize("\(e)") == normalize(a.description)
        }
    }

    static func normalize(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func describe(_ v: Any?) -> String {
        guard let v else { return "null" }
        if let s = v as? String { return "\"\(s)\"" }
        return "\(v)"
    }
}
