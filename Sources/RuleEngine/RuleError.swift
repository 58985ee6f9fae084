/// A problem in the rule files: where it is, what is wrong, and what to write instead.
public struct RuleProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var problem: String
    public var fix: String?

    public init(file: String, line: Int?, problem: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return fix.map { "\(place): \(problem) — \($0)" } ?? "\(place): \(problem)"
    }
}

/// Why a rule set cannot be used. Intake never runs half a rule set.
public enum RuleError: Error, Sendable, CustomStringConvertible {
    case invalidRuleSet(directory: String, problems: [RuleProblem])

    public var description: String {
        switch self {
        case .invalidRuleSet(let directory, let problems):
            let list = problems.map { "  " + $0.description }.joined(separator: "\n")
            return "the rule set in \(directory) has \(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was run:\n\(list)\n(run `intake rules lint \(directory)` after fixing)"
        }
    }

    public var problems: [RuleProblem] {
        switch self { case .invalidRuleSet(_, let p): return p }
    }
}
