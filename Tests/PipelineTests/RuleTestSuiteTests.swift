import Foundation
import Testing
@testable import Pipeline
import Replies

/// A rule-test folder that cannot be listed is a typed error saying which folder and what to give
/// (it was a "source unusable" string); a sidecar that is there but unreadable is not called missing.
@Test func ruleTestsThatCannotBeReadSayWhy() throws {
    let dir = try temporaryFolder("rule-tests")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    for (path, exists) in [(dir + "/nope", false), (dir + "/file.eml", true)] {
        if exists { try Data("From: a@x.org\r\n\r\n".utf8).write(to: URL(fileURLWithPath: path)) }
        do {
            _ = try RuleTestSuite.cases(in: path)
            Issue.record("\(path) was listed")
        } catch {
            guard case .ruleTestsUnlistable(let directory, let found) = error else { Issue.record("\(error)"); continue }
            #expect(directory == path && found == exists)
            #expect(error.description.contains("Rules/tests"), "says what to give: \(error)")
        }
    }
    try Data([0xFF, 0xFE, 0x00, 0x80]).write(to: URL(fileURLWithPath: dir + "/file.expect.yaml"))
    let cases = try RuleTestSuite.cases(in: dir)
    #expect(cases.map(\.name) == ["file"])
    let result = RuleTestSuite.run(cases[0], decider: try Decider(rulesDirectory: repository + "/Rules"))
    #expect(!result.passed)
    #expect(result.differences.first?.hasPrefix("file.expect.yaml cannot be read as UTF-8 text") == true, "\(result.differences)")
}

/// A sidecar's `reply:` block is checked against the composed reply: right expectations pass, and a
/// wrong language, kind or phrase fails the case with the difference (it must be able to fail).
@Test func aSamplesReplyExpectationIsChecked() throws {
    let dir = try temporaryFolder("rule-tests-reply")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let rules = repository + "/Rules"
    try FileManager.default.copyItem(atPath: rules + "/tests/incomplete-missing-commitment-es.eml", toPath: dir + "/s.eml")
    let decider = try Decider(rulesDirectory: rules)
    let replies = Result { () throws(ReplyError) in try ReplyComposer(rulesDirectory: rules, rules: decider.rules) }
    let head = "verdict: reject\nfindings: [incomplete-request]\n"
    func run(_ reply: String, replies: Result<ReplyComposer, ReplyError>?) throws -> RuleTestSuite.Result {
        try Data((head + reply).utf8).write(to: URL(fileURLWithPath: dir + "/s.expect.yaml"))
        return RuleTestSuite.run(try RuleTestSuite.cases(in: dir)[0], decider: decider, replies: replies)
    }
    let right = try run("reply: {language: es, kind: rejected, contains: [\"Lo que falta\", \"LX-2026-0000\"]}\n", replies: replies)
    #expect(right.passed, "\(right.differences)")
    let wrong = try run("reply: {language: pt, kind: accepted, contains: [\"Exclua as contas inativas\"]}\n", replies: replies)
    #expect(wrong.differences == ["reply language: expected pt, got es", "reply kind: expected accepted, got rejected",
                                  "reply (es) does not contain \"Exclua as contas inativas\""])
    let typo = try run("reply: {langauge: es}\n", replies: replies)
    #expect(typo.differences.first?.contains("unknown key langauge") == true, "\(typo.differences)")
    let without = try run("reply: {language: es}\n", replies: nil)
    #expect(!without.passed)
    // Without a reply block nothing about replies is asked.
    #expect(try run("", replies: nil).passed)
}
