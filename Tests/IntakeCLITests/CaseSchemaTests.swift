import Extraction
import Filing
import Foundation
import Testing

/// Every command's case JSON against Schemas/case.schema.json (docs/case-record.md), through
/// scripts/validate-case-json.py (python3's jsonschema): a poll over a quarter of the rule-test samples, the sample
/// mailbox and an unreadable message, each request.json it filed, `cases list --json`, both exports,
/// `cases show --json` after a reprocess, a decision and a close, and `check --json`.
@Test func everyCommandsCaseJSONMeetsTheSchema() throws {
    let root = try temporaryFolder("case-schema")
    defer { try? FileManager.default.removeItem(atPath: root) }
    let maildir = root + "/mail", store = root + "/store"
    for sub in ["cur", "new", "tmp"] { try FileManager.default.createDirectory(atPath: maildir + "/" + sub, withIntermediateDirectories: true) }
    // Every fourth rule-test sample (each verdict, finding and field turns up among them) keeps the test short.
    var samples = try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Rules/tests").filter { $0.hasSuffix(".eml") }.sorted()
        .enumerated().filter { $0.offset % 4 == 0 }.map { "Rules/tests/" + $0.element }
    for folder in ["cur", "new"] {
        samples += try FileManager.default.contentsOfDirectory(atPath: Intake.repository + "/Mailbox/" + folder).sorted().map { "Mailbox/\(folder)/" + $0 }
    }
    for (i, sample) in samples.enumerated() {
        try FileManager.default.copyItem(atPath: Intake.repository + "/" + sample, toPath: maildir + "/cur/\(1_700_000_000 + i).M1P1.schema:2,S")
    }
    // A message intake cannot read is filed for review as any other case.
    try Data("From: broken\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n\u{0}\u{1}".utf8)
        .write(to: URL(fileURLWithPath: maildir + "/cur/1800000000.M1P1.broken:2,S"))

    let poll = try Intake.run(["poll", "--source", maildir, "--store", store, "--json"])
    #expect(poll.status == 0, "\(poll.stderr)")
    #expect(poll.lines.count == samples.count + 1)
    try expectValid(poll.stdout, as: "pollLine", lines: true, what: "poll --json")

    let list = try Intake.run(["cases", "list", "--store", store, "--json"])
    try expectValid(list.stdout, as: "caseList", what: "cases list --json")
    let ids = try #require(JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]]).compactMap { $0["caseId"] as? String }
    #expect(ids.count == samples.count + 1)
    // History, a person's decision and a closed case: a reprocess, a decision and a close.
    #expect(try Intake.run(["reprocess", ids[0], "--store", store]).status == 0)
    #expect(try Intake.run(["cases", "decide", ids[1], "--accept", "--note", "checked by phone", "--by", "tester", "--store", store]).status == 0)
    #expect(try Intake.run(["cases", "decide", ids[2], "--close", "--note", "done", "--by", "tester", "--store", store]).status == 0)

    let records = try FileManager.default.subpathsOfDirectory(atPath: store).filter { $0.hasSuffix("/request.json") }
    #expect(records.count == samples.count + 1)
    let lines = try records.map { String(decoding: try Data(contentsOf: URL(fileURLWithPath: store + "/" + $0)), as: UTF8.self) }
    try expectValid(lines.joined(separator: "\n"), as: "filedRecord", lines: true, what: "request.json")
    for format in ["json", "csv"] {
        let export = try Intake.run(["cases", "export", "--store", store, "--format", format])
        #expect(export.status == 0, "\(export.stderr)")
        if format == "json" { try expectValid(export.stdout, as: "caseList", what: "cases export --format json") }
        else { try expectValid(export.stdout, as: "--csv-header", what: "cases export --format csv") }
    }
    var shown: [String] = []
    for id in ids.prefix(3) + ids.suffix(2) {
        let show = try Intake.run(["cases", "show", id, "--json", "--store", store])
        #expect(show.status == 0, "\(show.stderr)")
        shown.append(show.stdout.trimmingCharacters(in: .newlines))
    }
    try expectValid(shown.joined(separator: "\n"), as: "caseShow", lines: true, what: "cases show --json")
    let history = try jsonObject(shown[0])["history"] as? [Any]
    #expect(history?.count == 1, "the reprocessed case has its earlier decision")

    var checked: [String] = []
    for sample in [sampleAccepted, "Mailbox/cur/1793971565.M958269P12261.ecoprintq:2,S", maildir + "/cur/1800000000.M1P1.broken:2,S",
                   "Rules/tests/letter-pdf-from-free-mail.eml"] {
        let check = try Intake.run(["check", sample, "--json"])
        checked.append(check.stdout.trimmingCharacters(in: .newlines))
    }
    try expectValid(checked.joined(separator: "\n"), as: "checkRecord", lines: true, what: "check --json")
}

/// The schema is strict: a real `check --json` passes, and a wrong type, an unknown key, a missing key
/// or a nested key the schema does not know each fails, naming where.
@Test func theSchemaRefusesABrokenRecord() throws {
    let good = try Intake.run(["check", sampleAccepted, "--json"]).stdout.trimmingCharacters(in: .newlines)
    #expect(try validate(good, as: "checkRecord").status == 0)
    let broken = [
        (good.replacingOccurrences(of: "\"requestedUsers\":20000", with: "\"requestedUsers\":\"20000\""), "request/requestedUsers"),
        (good.replacingOccurrences(of: "{\"messageId\"", with: "{\"note\":1,\"messageId\""), "'note' was unexpected"),
        (good.replacingOccurrences(of: "\"verdict\":\"accept\",", with: ""), "'verdict' is a required property"),
        (good.replacingOccurrences(of: "\"allowVerification\":true", with: "\"allowVerification\":true,\"signed\":true"), "request/commitments"),
        (good.replacingOccurrences(of: "\"verdict\":\"accept\"", with: "\"verdict\":\"accepted\""), "at verdict"),
    ]
    for (document, said) in broken {
        #expect(document != good)
        let out = try validate(document, as: "checkRecord")
        #expect(out.status == 1, "a broken record must fail: \(document.prefix(300))")
        #expect(out.stderr.contains(said), "\(out.stderr)")
    }
}

/// The request's part of the schema file is made from `RequestFields.schema` and `CaseColumns.all`
/// (CaseSchemaFile): the committed file is what the generator makes of it, so adding a field is its line
/// in the schema and a regeneration, never an edit by hand here.
@Test func theSchemaFileIsGeneratedFromTheFieldSchema() throws {
    let committed = try String(contentsOfFile: CaseSchemaFile.path, encoding: .utf8)
    let generated = try CaseSchemaFile.generated(from: committed)
    if ProcessInfo.processInfo.environment["INTAKE_WRITE_SCHEMA"] == "1", generated != committed {
        try generated.write(toFile: CaseSchemaFile.path, atomically: true, encoding: .utf8)
    }
    #expect(generated == committed, "Schemas/case.schema.json is not what RequestFields.schema and CaseColumns make of it; regenerate it: \(CaseSchemaFile.regenerate)")
    #expect(try CaseSchemaFile.generated(from: generated) == generated, "generating is a fixed point")
    // The generated file is a JSON Schema the validator accepts (it checks the schema before any document).
    #expect(try validate("{}", as: "caseList").stderr.contains("is not of type 'array'"))
}

/// The generator writes what it reads: a field added to the schema in code shows up as its line,
/// and a stale line in the file is replaced.
@Test func theSchemaGeneratorReplacesStaleRequestLines() throws {
    let committed = try String(contentsOfFile: CaseSchemaFile.path, encoding: .utf8)
    let stale = committed.replacingOccurrences(of: "        \"requestedUsers\": {\"$ref\": \"#/$defs/count\"},\n", with: "")
        .replacingOccurrences(of: "\"reason\": {\"$ref\": \"#/$defs/text\"}", with: "\"reason\": {\"$ref\": \"#/$defs/count\"}")
    #expect(stale != committed)
    #expect(try CaseSchemaFile.generated(from: stale) == committed)
}

/// The schema file declares the request's fields as `RequestFields.schema` does (name, nesting, kind),
/// and the export's columns as `CaseColumns.all`: adding a field without its schema entry fails here,
/// saying what to add.
@Test func theSchemaFileDeclaresEveryRequestFieldAndColumn() throws {
    let schema = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Intake.repository + "/Schemas/case.schema.json"))) as? [String: Any])
    let defs = try #require(schema["$defs"] as? [String: Any])
    func properties(_ object: Any?) -> [String: Any] { (object as? [String: Any])?["properties"] as? [String: Any] ?? [:] }
    func ref(_ kind: RequestField.Kind) -> String {
        switch kind {
        case .text, .freeText: return "#/$defs/text"
        case .count: return "#/$defs/count"
        case .flag: return "#/$defs/flag"
        }
    }
    let request = properties(defs["request"]), row = properties(defs["caseRowMembers"])
    for field in RequestFields.schema {
        let inRequest = field.parent.map { properties(request[$0])[field.key] } ?? request[field.key]
        #expect((inRequest as? [String: Any])?["$ref"] as? String == ref(field.kind),
                "Schemas/case.schema.json: $defs/request needs \(field.name) as {\"$ref\": \"\(ref(field.kind))\"}")
        #expect((row[field.column] as? [String: Any])?["$ref"] as? String == ref(field.kind),
                "Schemas/case.schema.json: $defs/caseRowMembers needs \(field.column) as {\"$ref\": \"\(ref(field.kind))\"}")
    }
    #expect(Set(row.keys) == Set(CaseColumns.all.map(\.name)), "caseRowMembers' properties are the export's columns")
}

/// Runs scripts/validate-case-json.py on `document`; `definition` is a $defs name, or --csv-header.
func validate(_ document: String, as definition: String, lines: Bool = false) throws -> Intake.Output {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("case-json-\(UUID().uuidString)").path
    try Data(document.utf8).write(to: URL(fileURLWithPath: file))
    defer { unlink(file) }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", Intake.repository + "/scripts/validate-case-json.py", definition] + (lines ? ["--lines"] : []) + [file]
    let err = Pipe(), out = Pipe()
    p.standardError = err
    p.standardOutput = out
    try p.run()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    if p.terminationStatus == 2 { throw TestSetupError("validate-case-json.py: \(String(decoding: e, as: UTF8.self))") }
    return Intake.Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

func expectValid(_ document: String, as definition: String, lines: Bool = false, what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) throws {
    let out = try validate(document, as: definition, lines: lines)
    #expect(out.status == 0, "\(what) does not meet Schemas/case.schema.json:\n\(out.stderr.prefix(6000))", sourceLocation: sourceLocation)
}
