import ArgumentParser
import Extraction
import Filing
import Foundation
import MIME
import Pipeline
import Replies
import RuleEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide one message against the rules without filing it.",
        discussion: """
            --json prints the decision in the shape other tools read; --explain shows each field with the
            words it came from and each rule with why it did or did not fire. --reply prints the reply the
            message would get from the templates in the rules' replies/ folder (nothing is sent), and
            whether the loop guard would hold it; --raw prints it as the whole message. Exit 0 whatever
            the verdict.
            With a store (--store, or the configuration's store), the letters it has already read are taken
            from it and the ones read now are kept there: checking the same scan twice runs OCR once.
            Examples: intake check Rules/tests/en-plain-accepted.eml --explain
                      intake check Rules/tests/es-incomplete.eml --reply --case-id LX-2026-0042
            """)

    @Argument(help: ArgumentHelp("The message file (.eml).", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Print the decision as JSON.")
    var json = false

    @Flag(name: .long, help: "Show the evidence for each field and the reasoning for each rule.")
    var explain = false

    @Flag(name: .long, help: "Print the reply the message would get (nothing is sent).")
    var reply = false

    @Option(name: .long, help: ArgumentHelp("The case id the reply names (with --reply).", valueName: "id"))
    var caseID = "LX-2026-0000"

    @Option(name: .long, help: ArgumentHelp("Our address the reply is from (with --reply; default: the message's first To address).", valueName: "address"))
    var replyFrom: String?

    @Flag(name: .long, help: "With --reply: print the whole message as it would be sent (RFC 5322, MIME).")
    var raw = false

    @Option(name: .customLong("store"), help: ArgumentHelp(
        "A store whose letters already read are used, and kept (default: the configuration's store). Nothing is filed.",
        valueName: "dir"))
    var store: String?

    @OptionGroup var configOption: ConfigOption
    @OptionGroup var rulesOption: RulesOption

    func validate() throws {
        if raw, !reply { throw ValidationError("--raw goes with --reply") }
        if !CaseReference.isCaseID(Substring(caseID)) { throw ValidationError("--case-id takes a case id like LX-2026-0042") }
    }

    func run() throws {
        let config = try configOption.load()
        var decider = try rulesOption.decider(config)
        let raw = try readFile(file)
        if let cache = LetterCacheStore.open(store ?? config.store, for: raw) { decider = decider.cachingLetters(in: cache) }
        let decision = decider.decide(raw)
        if reply {
            try printReply(decision, rulesDirectory: rulesOption.directory(config), rules: decider.rules)
        } else if json {
            printOut(Reports.check(decision))
        } else if explain {
            printOut(Explanation.text(decision, file: file, rules: decider.rules))
        } else {
            printOut(Explanation.summary(decision))
        }
    }
}

extension CheckCommand {
    /// The reply as an admin reads it: who it goes to, its subject, whether the loop guard would hold
    /// it, then its text (or, with --raw, the whole message).
    func printReply(_ decision: Decider.Decision, rulesDirectory: String, rules: RuleSet) throws {
        let composer: ReplyComposer
        let settings: ReplySettings
        do {
            composer = try ReplyComposer(rulesDirectory: rulesDirectory, rules: rules)
            settings = try ReplySettings.load(directory: rulesDirectory + "/replies")
        } catch {
            throw Failure.config(error.description)
        }
        let ourAddress = replyFrom ?? decision.message.to.first?.address ?? "sales@localhost"
        let domain = ourAddress.split(separator: "@").last.map(String.init) ?? "localhost"
        let composed: ComposedReply
        do {
            composed = try decision.reply(caseID: caseID, composer: composer, ourAddress: ourAddress, date: Date(),
                                          messageID: CaseReference.replyMessageID(caseID: caseID, sequence: 1, random: 0, domain: domain))
        } catch {
            throw Failure.runtime("no reply: \(error.description)")
        }
        if raw {
            FileHandle.standardOutput.write(Data(composed.bytes))
            return
        }
        let held = LoopGuard.check(decision.message, firedRules: decision.findings.map(\.rule), ourAddresses: [ourAddress],
                                   repliesSentToday: 0, settings: settings)
        printOut("To:       \(composed.recipient)")
        printOut("From:     \(composed.from)")
        printOut("Subject:  \(composed.subject)")
        printOut("Kind:     \(composed.kind.rawValue) (\(composed.language))")
        printOut("Sent:     \(held.map { "no: the loop guard holds it: \($0.description)" } ?? "yes, automatically, if the switch for this verdict says so")")
        printOut("")
        let text = composer.text(for: decision.replyCase(caseID: caseID, fieldWords: composer.fieldWords),
                                 originalSubject: decision.message.subject)
        printOut(String(text.dropLast(text.hasSuffix("\n") ? 1 : 0)))
    }
}
