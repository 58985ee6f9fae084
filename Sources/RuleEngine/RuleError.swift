/// A problem in the rule files: where it is, what is wrong, and what to write instead.
package struct RuleProblem: Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int?
    package var problem: String
    package var fix: String?

    package init(file: String, line: Int?, problem: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.problem = problem
        self.fix = fix
    }

    package var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return fix.map { "\(place): \(problem) — \($0)" } ?? "\(place): \(problem)"
    }
}

/// Why a rule set cannot be used. Intake never runs half a rule set.
package enum RuleError: Error, Sendable, CustomStringConvertible {
    case invalidRuleSet(directory: String, problems: [RuleProblem])

    package var description: String {
        switch self {
        case .invalidRuleSet(let directory, let problems):
            let list = problems.map { "  " + $0.description }.joined(separator: "\n")
            return "the rule set in \(directory) has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was run:\n\(list)\n(run `intake rules lint \(directory)` after fixing)"
        }
    }

    package var problems: [RuleProblem] {
        switch self { case .invalidRuleSet(_, let p): return p }
    }
}
