import ArgumentParser
import Foundation
import Pipeline
import Replies
import RuleEngine

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check the rule files, and test them against sample messages.",
        subcommands: [Lint.self, Test.self])

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Every problem in the rule files, with file:line and what to write instead.",
            discussion: "Exit 0 when the rule set is sound, 1 when it has problems. Example: intake rules lint Rules")

        @Argument(help: ArgumentHelp("The rules folder (default: as --rules is found for other commands: the configuration's, else the installed rules, else Rules).", valueName: "dir"))
        var given: String?
        @OptionGroup var configOption: ConfigOption

        func run() throws {
            let directory = try RulesOption.directory(given, configOption.load())
            var (set, problems) = RuleSetLoader.lint(directory: directory)
            do {
                _ = try Decider(rulesDirectory: directory)
            } catch {
                if set != nil { problems.append(RuleProblem(file: directory + "/patterns", line: nil, problem: error.description)) }
                set = nil
            }
            // The reply templates are checked against the names the rules give them (each rule id a flag).
            if let set {
                problems += ReplyLint.problems(rulesDirectory: directory, languages: set.fieldWords.languages,
                                               ruleIDs: set.rules.map(\.id))
            }
            if problems.isEmpty, let set {
                printOut("intake: \(directory) is sound: \(set.rules.count) rules, lists " +
                         set.lists.keys.sorted().map { "\($0) (\(set.lists[$0]!.count))" }.joined(separator: ", ") +
                         ", reply templates for \(set.fieldWords.languages.joined(separator: ", ")), version \(set.version)")
                return
            }
            for p in problems { printOut(p.description) }
            throw Failure.runtime("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(directory)")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Check every sample message in a folder against the verdict and findings it must get.",
            discussion: """
                Each NAME.eml has a NAME.expect.yaml beside it (verdict, findings, fields, and optionally reply:
                language, kind and phrases it contains). Prints pass or fail
                per case with the difference, and the field accuracy. Exit 1 on any failure — or, with
                --min-verdicts or --min-fields, when the share of cases passed or of fields read right is
                below the threshold (held-out sets are scored, not required to be perfect; every miss is
                still listed).
                Examples: intake rules test Rules/tests
                          intake rules test Rules/heldout/set2 --min-verdicts 0.97 --min-fields 0.97
                """)

        @Argument(help: ArgumentHelp("The folder of sample messages (default: the rules folder's tests/).", valueName: "dir"))
        var given: String?
        @OptionGroup var configOption: ConfigOption
        @OptionGroup var rulesOption: RulesOption
        @Flag(name: .long, help: "Also list every field read differently from the sidecar.") var fields = false
        @Option(name: .long, help: ArgumentHelp("Pass when at least this share of cases (0–1) gets its verdict and findings.", valueName: "share"))
        var minVerdicts: Double?
        @Option(name: .long, help: ArgumentHelp("Pass when at least this share of expected fields (0–1) is read right.", valueName: "share"))
        var minFields: Double?

        func validate() throws {
            for (name, value) in [("--min-verdicts", minVerdicts), ("--min-fields", minFields)] {
                if let value, !(0...1).contains(value) { throw ValidationError("\(name) takes a share from 0 to 1, e.g. 0.97") }
            }
        }

        func run() throws {
            let rules = try rulesOption.directory(configOption.load())
            let directory = given ?? rules + "/tests"
            let decider = try RulesOption.decider(rules)
            let cases: [RuleTestSuite.Case]
            do { cases = try RuleTestSuite.cases(in: directory) } catch { throw Failure.config(error.description) }
            guard !cases.isEmpty else { throw Failure.config("no .eml test cases in \(directory)") }
            let replies = Swift.Result { () throws(ReplyError) in try ReplyComposer(rulesDirectory: rules, rules: decider.rules) }
            var failed = 0, right = 0, expected = 0
            for c in cases {
                let r = RuleTestSuite.run(c, decider: decider, replies: replies)
                right += r.fieldsRight
                expected += r.fieldsExpected
                if r.passed {
                    printOut("pass  \(r.name)")
                } else {
                    failed += 1
                    printOut("FAIL  \(r.name)")
                    for d in r.differences { printOut("        \(d)") }
                }
                if fields { for m in r.fieldMisses { printOut("        field \(m)") } }
            }
            let accuracy = expected == 0 ? 1.0 : Double(right) / Double(expected)
            let verdicts = Double(cases.count - failed) / Double(cases.count)
            printOut(String(format: "field accuracy: %d/%d fields right (%.1f%%)", right, expected, 100 * accuracy))
            printOut(String(format: "verdicts: %d/%d right (%.1f%%)", cases.count - failed, cases.count, 100 * verdicts))
            if minVerdicts == nil, minFields == nil {
                printOut("\(cases.count - failed) passed, \(failed) failed")
                if failed > 0 { throw Failure.runtime("\(failed) rule test\(failed == 1 ? "" : "s") failed") }
                return
            }
            // A scored set is not a pass/fail suite: its summary must not read as one to a CI log reader.
            var short: [String] = []
            if let m = minVerdicts, verdicts < m { short.append(String(format: "verdicts %.1f%% < %.1f%%", 100 * verdicts, 100 * m)) }
            if let m = minFields, accuracy < m { short.append(String(format: "fields %.1f%% < %.1f%%", 100 * accuracy, 100 * m)) }
            if !short.isEmpty { throw Failure.runtime("\(directory) scores below its threshold: " + short.joined(separator: ", ")) }
        }
    }
}
