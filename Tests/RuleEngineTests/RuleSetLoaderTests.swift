import Extraction
import Foundation
import MIME
import Testing
@testable import RuleEngine

/// The repository's Rules/ folder.
let rulesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rules").path

func writeRules(_ yaml: String, extra: [String: String] = [:]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try yaml.write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
    for (name, text) in extra { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
    return dir
}

@Test func theShippedRuleSetIsSoundAndHasTheDefaultRules() throws {
    let set = try RuleSetLoader.load(directory: rulesDirectory)
    let ids = Set(set.rules.map(\.id))
    for id in ["free-mail-sender", "incomplete-request", "letter-needs-reading", "inconsistent-counts",
               "sender-not-authenticated", "reply-to-mismatch", "duplicate-request", "unparseable-message"] {
        #expect(ids.contains(id), "missing default rule \(id)")
    }
    #expect(set.trustedAuthServers == ["mx.ecoprintq.com"])
    #expect((set.lists["free-mail"]?.count ?? 0) > 0)
    #expect(set.version.count == 12)
}

/// The samples and held-out sets are what the rules are checked against: changing them changes no version;
/// changing a rule file does.
@Test func theVersionIsTheRulesNotTheirSamples() throws {
    // The shipped rule set without its samples: what an installed intake holds.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for name in try FileManager.default.contentsOfDirectory(atPath: rulesDirectory) where name != "tests" && name != "heldout" {
        try FileManager.default.copyItem(atPath: rulesDirectory + "/" + name, toPath: dir + "/" + name)
    }
    let yaml = try String(contentsOfFile: dir + "/rules.yaml", encoding: .utf8)
    let first = try RuleSetLoader.load(directory: dir).version
    for folder in ["tests", "heldout/set1"] {
        try FileManager.default.createDirectory(atPath: dir + "/" + folder, withIntermediateDirectories: true)
        try "a sample".write(toFile: dir + "/" + folder + "/s.eml", atomically: true, encoding: .utf8)
    }
    #expect(try RuleSetLoader.load(directory: dir).version == first)
    // The checkout's own rule set, samples and all, has the same version.
    #expect(try RuleSetLoader.load(directory: rulesDirectory).version == first)
    try (yaml + "# reworded\n").write(toFile: dir + "/rules.yaml", atomically: true, encoding: .utf8)
    #expect(try RuleSetLoader.load(directory: dir).version != first)
}

@Test func problemsAreReportedWithFileLineAndAFix() throws {
    let dir = try writeRules("""
        lists:
          free-mail: {file: missing.txt}
        rules:
          - id: a
            severity: block
            when: {field-missing: [organisation]}
            message: x
          - id: b
            severity: review
            when: {compare: "requestedUsers <=> licensedUsers"}
            message: y
          - id: c
            severity: review
            when: {sender-domain-in: nolist}
            message: z
          - id: c
            severity: review
            when: {frobnicate: true}
            message: z
        """)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (set, problems) = RuleSetLoader.lint(directory: dir)
    #expect(set == nil)
    let text = problems.map(\.description)
    #expect(text.contains { $0.contains("missing.txt cannot be read") && $0.contains("rules.yaml:2") })
    #expect(text.contains { $0.contains("severity \"block\"") && $0.contains("rules.yaml:5") && $0.contains("reject, review or info") })
    #expect(text.contains { $0.contains("\"organisation\" is not a field") && $0.contains("rules.yaml:6") })
    #expect(text.contains { $0.contains("compare must read") })
    #expect(text.contains { $0.contains("no list named nolist") })
    #expect(text.contains { $0.contains("used twice") })
    #expect(text.contains { $0.contains("unknown condition \"frobnicate\"") })
    #expect(throws: RuleError.self) { try RuleSetLoader.load(directory: dir) }
}

@Test func brokenYAMLNamesTheLine() throws {
    let dir = try writeRules("rules:\n  - id: a\n    severity: [reject\n")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (_, problems) = RuleSetLoader.lint(directory: dir)
    #expect(problems.count == 1)
    #expect(problems[0].line != nil)
    #expect(problems[0].problem.contains("not valid YAML"))
}

func message(_ headers: String, body: String = "Hello") -> Message {
    MessageParser.parse(Array((headers + "\r\n\r\n" + body).utf8))
}

let complete = RequestFields(requesterName: "John Parker", organization: "XYZ University", domainAccounts: 25000,
                             licensedUsers: 18000, requestedUsers: 20000, reason: "distance learning",
                             commitments: Commitments(activeBelowLimit: true))

@Test func defaultRulesOnHandMadeInputs() throws {
    let set = try RuleSetLoader.load(directory: rulesDirectory)
    func rules(_ input: RuleInput) -> [String] { set.evaluate(input).findings.map(\.rule).sorted() }

    let official = message("From: John Parker <parker@xyz.edu>\r\nSubject: request")
    #expect(rules(RuleInput(message: official, fields: complete)) == [])
    #expect(set.evaluate(RuleInput(message: official, fields: complete)).verdict == .accept)

    let hotmail = message("From: \"parker@xyz.edu\" <Parker1977@HOTMAIL.com>")
    let finding = try #require(set.evaluate(RuleInput(message: hotmail, fields: complete)).findings.first)
    #expect(finding.rule == "free-mail-sender")
    #expect(finding.matched == "hotmail.com")
    #expect(finding.message.contains("Parker1977@HOTMAIL.com"))

    var partial = complete
    partial.licensedUsers = nil
    partial.reason = nil
    let incomplete = set.evaluate(RuleInput(message: official, fields: partial))
    #expect(incomplete.verdict == .reject)
    #expect(incomplete.findings.first?.missing == ["licensedUsers", "reason"])

    let withLetter = message("From: parker@xyz.edu\r\nContent-Type: multipart/mixed; boundary=b",
                             body: "--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\nContent-Type: application/pdf; name=l.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n--b--\r\n")
    // The rules go by what the letter reader made of the attachment: no text, a person reads it.
    let unread = Letter(attachment: "l.pdf", contentType: "application/pdf", outcome: .unreadable(reason: "no text was found in it"))
    #expect(rules(RuleInput(message: withLetter, fields: partial, letters: [unread])) == ["letter-needs-reading"])
    let read = Letter(attachment: "l.pdf", contentType: "application/pdf",
                      outcome: .read(pages: [Letter.Page(number: 1, text: "…", method: .textLayer)], notes: []))
    #expect(rules(RuleInput(message: withLetter, fields: partial, letters: [read])) == ["incomplete-request"])

    var inconsistent = complete
    inconsistent.requestedUsers = 17000
    #expect(rules(RuleInput(message: official, fields: inconsistent)) == ["inconsistent-counts"])
    inconsistent.requestedUsers = 26000
    #expect(rules(RuleInput(message: official, fields: inconsistent)) == ["inconsistent-counts"])

    let dmarcFail = message("From: parker@xyz.edu\r\nAuthentication-Results: mx.ecoprintq.com; spf=pass; dkim=fail; dmarc=fail header.from=xyz.edu")
    #expect(rules(RuleInput(message: dmarcFail, fields: complete)) == ["sender-not-authenticated"])
    let untrusted = message("From: parker@xyz.edu\r\nAuthentication-Results: mx.attacker.example; dmarc=fail")
    #expect(rules(RuleInput(message: untrusted, fields: complete)) == [])

    let replyElsewhere = message("From: parker@xyz.edu\r\nReply-To: parker@other-org.example")
    #expect(rules(RuleInput(message: replyElsewhere, fields: complete)) == ["reply-to-mismatch"])
    let replySub = message("From: parker@xyz.edu\r\nReply-To: it@mail.xyz.edu")
    #expect(rules(RuleInput(message: replySub, fields: complete)) == [])

    func filing(_ input: RuleInput, _ onFile: Set<String>) -> [String] {
        set.evaluate(input, casesOnFile: { (o: OrganizationDomain) throws(Never) -> [String] in onFile.contains(o.name) ? ["LX-2026-0007"] : [] })
            .findings.map(\.rule).sorted()
    }
    // The finding names the earlier case, in the request's language.
    let named = set.evaluate(RuleInput(message: official, fields: complete, language: "es"),
                             casesOnFile: { (_: OrganizationDomain) throws(Never) -> [String] in ["LX-2026-0003", "LX-2026-0007"] })
    #expect(named.findings.first { $0.rule == "duplicate-request" }?.message.contains("(LX-2026-0003, LX-2026-0007)") == true)
    #expect(filing(RuleInput(message: official, fields: complete), ["xyz.edu"]) == ["duplicate-request"])
    #expect(filing(RuleInput(message: official, fields: complete), []) == [])

    let unparseable = set.evaluate(RuleInput(message: nil, fields: RequestFields()))
    #expect(unparseable.findings.map(\.rule) == ["unparseable-message"])
    #expect(unparseable.verdict == .review)
}

/// A message intake cannot read is filed with the `unparseable-message` rule's finding: a rule set
/// without that rule, or where it would not fire on an unread message, is refused with what to write.
@Test func aRuleSetWithoutTheUnreadableRuleIsRefused() throws {
    let fields = try String(contentsOfFile: rulesDirectory + "/fields.yaml", encoding: .utf8)
    let without = try writeRules("""
        rules:
          - id: no-organization
            severity: reject
            when: {field-missing: [organization]}
            message: Please name your organization.
        """, extra: ["fields.yaml": fields])
    let misfiring = try writeRules("""
        rules:
          - id: unparseable-message
            severity: review
            when: {field-missing: [organization]}
            message: We could not read your message.
        """, extra: ["fields.yaml": fields])
    let sound = try writeRules("""
        rules:
          - id: unparseable-message
            severity: info
            when: {unparseable: true}
            message: {en: "Unread, {from}.", es: "No leído.", pt: "Não lido."}
        """, extra: ["fields.yaml": fields])
    defer { for d in [without, misfiring, sound] { try? FileManager.default.removeItem(atPath: d) } }
    let (noSet, missing) = RuleSetLoader.lint(directory: without)
    #expect(noSet == nil)
    #expect(missing.map(\.description).contains { $0.contains("rules.yaml:2") && $0.contains("there is no rule unparseable-message")
        && $0.contains("when: {unparseable: true}") }, "\(missing)")
    let (_, wrong) = RuleSetLoader.lint(directory: misfiring)
    #expect(wrong.map(\.description) == ["\(misfiring)/rules.yaml:2: rule unparseable-message does not fire on a message that could not be read"
        + " — write `when: {unparseable: true}`"], "\(wrong)")
    // A sound one gives its own finding, in the language asked for when it speaks it.
    let set = try RuleSetLoader.load(directory: sound)
    #expect(set.unreadableFinding() == Finding(rule: "unparseable-message", severity: .info, message: "Unread, (no sender)."))
    #expect(set.unreadableFinding(language: "es")?.message == "No leído.")
    #expect(try RuleSetLoader.load(directory: rulesDirectory).unreadableFinding()?.severity == .review)
}

/// Each field says once, in fields.yaml, whether a request must give it; `field-missing: required` names
/// those fields in the order fields.yaml lists them (the order a requester reads them in {missing}),
/// and an explicit list still works.
/// The rule every rule set must have, and one rule that stands for the fields fields.yaml makes required.
let requiredFieldRules = """
    rules:
      - id: unparseable-message
        severity: review
        when: {unparseable: true}
        message: x
      - id: incomplete
        severity: reject
        when: {field-missing: required}
        message: "Missing {missing}."
    """

@Test func requiredFieldsAreDeclaredInFieldsYAML() throws {
    let shipped = try RuleSetLoader.load(directory: rulesDirectory)
    let required = ["organization", "requesterName", "domainAccounts", "licensedUsers", "requestedUsers", "reason",
                    "commitments.activeBelowLimit"]
    #expect(shipped.fieldWords.required == required)
    let incomplete = try #require(shipped.rules.first { $0.id == "incomplete-request" })
    #expect(RuleSet.missingFields(incomplete.condition) == required)

    var fields = try String(contentsOfFile: rulesDirectory + "/fields.yaml", encoding: .utf8)
    // Only the reason and the name, in fields.yaml's order whatever the rule says.
    fields = fields.replacingOccurrences(of: "    required: true\n", with: "")
        .replacingOccurrences(of: "  reason:\n", with: "  reason:\n    required: true\n")
        .replacingOccurrences(of: "  requesterName:\n", with: "  requesterName:\n    required: true\n")
    let dir = try writeRules(requiredFieldRules + """

          - id: no-title
            severity: info
            when: {field-missing: [requesterTitle, department]}
            message: "Missing {missing}."
        """, extra: ["fields.yaml": fields])
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let set = try RuleSetLoader.load(directory: dir)
    #expect(set.fieldWords.required == ["requesterName", "reason"])
    let findings = set.evaluate(RuleInput(message: message("From: a@xyz.edu"), fields: RequestFields(organization: "XYZ"))).findings
    #expect(findings.map(\.rule) == ["incomplete", "no-title"])
    #expect(findings.first?.missing == ["requesterName", "reason"])
    #expect(findings.first?.message == "Missing your name and why the other accounts will not print.")
    #expect(findings.last?.missing == ["requesterTitle", "department"])
    #expect(findings.last?.message == "Missing your title and your department.")
}

@Test func lintChecksRequiredFields() throws {
    let fields = try String(contentsOfFile: rulesDirectory + "/fields.yaml", encoding: .utf8)
    let rules = requiredFieldRules
    let noneRequired = try writeRules(rules, extra: ["fields.yaml": fields.replacingOccurrences(of: "    required: true\n", with: "")])
    let badFlag = try writeRules(rules, extra: ["fields.yaml": fields.replacingOccurrences(of: "  reason:\n    required: true\n",
                                                                                         with: "  reason:\n    required: yes please\n    fr: la raison\n")])
    defer { for d in [noneRequired, badFlag] { try? FileManager.default.removeItem(atPath: d) } }
    let (none, p1) = RuleSetLoader.lint(directory: noneRequired)
    #expect(none == nil)
    #expect(p1.map(\.description) == ["\(noneRequired)/rules.yaml:8: rule incomplete: field-missing: required, but no field of fields.yaml is required"
        + " — write `required: true` under each field a request must give in fields.yaml"], "\(p1)")
    let (_, p2) = RuleSetLoader.lint(directory: badFlag)
    let text = p2.map(\.description)
    #expect(text.contains { $0.hasPrefix("\(badFlag)/fields.yaml:") && $0.contains("reason: required takes true or false") }, "\(text)")
    #expect(text.contains { $0.contains("reason: \"fr\" is not a language of this file nor `required`") }, "\(text)")
    #expect(text.count == 2, "\(text)")
}
