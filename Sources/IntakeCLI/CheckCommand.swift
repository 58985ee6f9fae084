import ArgumentParser
import Extraction
import Foundation
import MIME
import Pipeline
import RuleEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Decide one message against the rules without filing it.",
        discussion: """
            --json prints the decision in the shape other tools read; --explain shows each field with the
            words it came from and each rule with why it did or did not fire. Exit 0 whatever the verdict.
            Example: intake check Rules/tests/en-plain-accepted.eml --explain
            """)

    @Argument(help: ArgumentHelp("The message file (.eml).", valueName: "file"))
    var file: String

    @Flag(name: .long, help: "Print the decision as JSON.")
    var json = false

    @Flag(name: .long, help: "Show the evidence for each field and the reasoning for each rule.")
    var explain = false

    @OptionGroup var configOption: ConfigOption
    @OptionGroup var rulesOption: RulesOption

    func run() throws {
        let decider = try rulesOption.decider(configOption.load())
        let raw = try readFile(file)
        let decision = decider.decide(raw)
        if json {
            printOut(Reports.check(decision))
        } else if explain {
            printOut(Explanation.text(decision, file: file, rules: decider.rules))
        } else {
            printOut(Explanation.summary(decision))
        }
    }
}
