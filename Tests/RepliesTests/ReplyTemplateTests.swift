import Foundation
@testable import Replies
import RuleEngine
import Testing

@Suite struct ReplyTemplateTests {
    let ruleIDs = shippedRules.rules.map(\.id)

    @Test func everyShippedTemplateRendersInEveryLanguageWithoutUnknownNames() {
        let known = ReplyNames.topLevel(ruleIDs: ruleIDs)
        for kind in ReplyKind.allCases {
            for language in shippedRules.fieldWords.languages {
                for values in [ReplyLint.fullValues(ruleIDs: ruleIDs), ReplyLint.emptyValues(ruleIDs: ruleIDs)] {
                    let (text, unknown) = shippedComposer.templates.render(kind, language: language, values: values, known: known)
                    #expect(unknown.isEmpty, "\(kind).\(language): \(unknown)")
                    #expect(text.count > 100 && !text.contains("{{"), "\(kind).\(language)")
                }
            }
        }
    }

    @Test func theShippedRulesLintClean() {
        let problems = ReplyLint.problems(rulesDirectory: rulesDirectory, languages: shippedRules.fieldWords.languages, ruleIDs: ruleIDs)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func lintFindsUnknownNamesMissingLanguagesStrayFilesAndParseErrors() throws {
        let folder = try copyOfReplies()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let replies = folder + "/replies"
        // A misspelt name inside a list section, a dotted name, an unknown name in an inverted section.
        try "Hola {{requesterNmae}}\n{{#reasons}}{{txet}}{{/reasons}}\n{{reasons.text}}\n{{^accepted}}{{cuenta}}{{/accepted}}\n"
            .write(toFile: replies + "/review.es.mustache", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: replies + "/accepted.pt.mustache")
        try "x".write(toFile: replies + "/acepted.es.mustache", atomically: true, encoding: .utf8)
        try "line one\n{{#reasons}}\n{{text}}\n".write(toFile: replies + "/rejected.en.mustache", atomically: true, encoding: .utf8)
        try "daily-limit-per-sender: many\n".write(toFile: replies + "/settings.yaml", atomically: true, encoding: .utf8)
        let problems = ReplyLint.problems(rulesDirectory: folder, languages: ["en", "es", "pt"], ruleIDs: ruleIDs)
        let text = problems.map(\.description)
        #expect(text.contains { $0.contains("review.es.mustache:1: unknown name {{requesterNmae}}") && $0.contains("did you mean {{requesterName}}") })
        #expect(text.contains { $0.contains("review.es.mustache:2: unknown name {{txet}}") && $0.contains("{{text}}") })
        #expect(text.contains { $0.contains("unknown name {{reasons.text}}") })
        #expect(text.contains { $0.contains("review.es.mustache:4: unknown name {{cuenta}}") })
        #expect(text.contains { $0.contains("accepted.pt.mustache: the accepted reply in pt is missing") })
        #expect(text.contains { $0.contains("acepted.es.mustache: is not a template intake uses") })
        #expect(text.contains { $0.contains("rejected.en.mustache:2: the section {{#reasons}} is never closed — end it with {{/reasons}}") })
        #expect(text.contains { $0.contains("settings.yaml:1: daily-limit-per-sender must be a whole number") })
        #expect(problems.count == 8, "\(text)")
        // The composer refuses the same set whole.
        #expect(throws: ReplyError.self) { try ReplyTemplates.load(directory: replies, languages: ["en", "es", "pt"]) }
    }

    /// `no-reply-when` names rules: a list of rule ids, each one the rule set has.
    @Test func lintChecksNoReplyWhen() throws {
        let folder = try copyOfReplies()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let settings = folder + "/replies/settings.yaml"
        try "no-reply-when: [sender-not-authenticated, sender-not-autenticated]\n".write(toFile: settings, atomically: true, encoding: .utf8)
        let misspelt = ReplyLint.problems(rulesDirectory: folder, languages: ["en", "es", "pt"], ruleIDs: ruleIDs).map(\.description)
        #expect(misspelt.count == 1 && misspelt[0].contains("no-reply-when names sender-not-autenticated, which is no rule"), "\(misspelt)")
        #expect(misspelt.first?.contains("sender-not-authenticated") == true)
        try "no-reply-when: sender-not-authenticated\n".write(toFile: settings, atomically: true, encoding: .utf8)
        let notAList = ReplyLint.problems(rulesDirectory: folder, languages: ["en", "es", "pt"], ruleIDs: ruleIDs).map(\.description)
        #expect(notAList.count == 1 && notAList[0].contains("settings.yaml:1: no-reply-when must be a list of rule ids"), "\(notAList)")
        #expect(throws: ReplyError.self) { try ReplySettings.load(directory: folder + "/replies") }
    }

    @Test func valuesAreWrittenAsTheyAreAndCountsForTheLanguage() {
        #expect(ReplyNames.count(25_000, "en") == "25,000")
        #expect(ReplyNames.count(25_000, "es") == "25.000")
        #expect(ReplyNames.count(1_234_567, "pt") == "1.234.567")
        #expect(ReplyNames.count(999, "en") == "999")
        var fields = completeFields()
        fields.organization = "Smith & Sons <Ltd>"
        let reply = ReplyCase(caseID: "LX-2026-0042", verdict: .accept, fields: fields, findings: [], language: "en",
                              sender: "p@xyz.edu", senderDomain: "xyz.edu")
        let text = shippedComposer.text(for: reply, originalSubject: nil)
        #expect(text.contains("Smith & Sons <Ltd>"))
        #expect(text.contains("25,000") && text.contains("18,000") && text.contains("20,000"))
        #expect(!text.contains("\n\n\n"))
    }

    @Test func subjectsLoseStackedPrefixesAndKeepOneCaseTag() {
        #expect(ReplySubject.text(original: "Re: RE: Fwd: License exception", caseID: "LX-2026-0042") == "Re: License exception [LX-2026-0042]")
        #expect(ReplySubject.text(original: "RES: ENC: Pedido de exceção", caseID: "LX-2026-0042") == "Re: Pedido de exceção [LX-2026-0042]")
        #expect(ReplySubject.text(original: "RV: Re[2]: Solicitud", caseID: "LX-2026-0042") == "Re: Solicitud [LX-2026-0042]")
        #expect(ReplySubject.text(original: "Re: License exception [LX-2026-0042]", caseID: "LX-2026-0042") == "Re: License exception [LX-2026-0042]")
        #expect(ReplySubject.text(original: "Recount of users", caseID: "LX-2026-0042") == "Re: Recount of users [LX-2026-0042]")
        #expect(ReplySubject.text(original: nil, caseID: "LX-2026-0042") == "Re: [LX-2026-0042]")
        #expect(ReplySubject.text(original: "   ", caseID: "LX-2026-0042") == "Re: [LX-2026-0042]")
    }

    /// A copy of the shipped replies folder in a temporary rules folder.
    func copyOfReplies() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("replies-lint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: rulesDirectory + "/replies", toPath: folder + "/replies")
        return folder
    }
}

/// A person who accepts what the rules rejected sends an acknowledgement without the rejection's
/// reasons; one who rejects what the rules accepted sends a rejection that does not promise reasons.
@Test func aPersonsDecisionAgainstTheRulesSendsNoContradictingReasons() {
    let rejectFinding = Finding(rule: "free-mail-sender", severity: .reject, message: "FREE-MAIL-REASON")
    let infoFinding = Finding(rule: "letter-unreadable", severity: .info, message: "INFO-NOTE")
    for language in ["en", "es", "pt"] {
        let accepted = ReplyCase(caseID: "LX-2026-0042", verdict: .accept, fields: completeFields(), findings: [rejectFinding, infoFinding],
                                 language: language, sender: "p@xyz.edu", senderDomain: "xyz.edu")
        let text = shippedComposer.text(for: accepted, originalSubject: nil)
        #expect(!text.contains("FREE-MAIL-REASON") && text.contains("INFO-NOTE"))
        let rejected = ReplyCase(caseID: "LX-2026-0042", verdict: .reject, fields: completeFields(), findings: [],
                                 language: language, sender: "p@xyz.edu", senderDomain: "xyz.edu")
        let rejection = shippedComposer.text(for: rejected, originalSubject: nil)
        #expect(!rejection.contains(":\n\nKind") && !rejection.contains("enviado:") && !rejection.contains("envió:") && !rejection.contains("sent:"), "\(rejection)")
    }
}
