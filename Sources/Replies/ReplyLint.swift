import Foundation
package import RuleEngine

/// `intake rules lint` for Rules/replies/: every kind has a template in every language of fields.yaml,
/// each parses, each uses only names the composer provides (found by rendering it twice — once with
/// every name set and every list holding an item, once with none — through a context that notes each
/// name asked for, so both sides of every section are read), and the loop guard's settings are sound.
package enum ReplyLint {
    package static func problems(rulesDirectory: String, languages: [String], ruleIDs: [String]) -> [RuleProblem] {
        let directory = rulesDirectory + "/replies"
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            return [RuleProblem(file: directory, line: nil, problem: "there is no replies folder: nobody could be answered",
                                fix: "create it with accepted, rejected, review and correction templates per language (see the README of the default rules)")]
        }
        var problems: [RuleProblem] = []
        let known = ReplyNames.topLevel(ruleIDs: ruleIDs)
        for kind in ReplyKind.allCases {
            for language in languages {
                let path = directory + "/" + ReplyTemplates.fileName(kind, language)
                switch ReplyTemplates.parse(directory: directory, kind: kind, language: language) {
                case .failure(let problem):
                    problems.append(problem)
                case .success(let template):
                    let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                    var unknown: [String] = []
                    for values in [fullValues(ruleIDs: ruleIDs), emptyValues(ruleIDs: ruleIDs)] {
                        for name in ReplyTemplates.render(template, values: values, known: known).unknown where !unknown.contains(name) {
                            unknown.append(name)
                        }
                    }
                    // A dotted name (`{{reasons.text}}`) reaches into a value, where no lookup is noted.
                    for name in tagNames(in: source) where name.contains(".") && name != "." && !unknown.contains(name) {
                        unknown.append(name)
                    }
                    for name in unknown {
                        problems.append(RuleProblem(file: path, line: line(of: name, in: source),
                                                    problem: "unknown name {{\(name)}}",
                                                    fix: "use one of the names in \(directory)/README.md"
                                                        + closest(name, known.union(ReplyNames.lists.values.joined()))))
                    }
                }
            }
        }
        let expected = Set(ReplyKind.allCases.flatMap { kind in languages.map { ReplyTemplates.fileName(kind, $0) } })
        let present = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in present.sorted() where name.hasSuffix(".mustache") && !expected.contains(name) {
            problems.append(RuleProblem(file: directory + "/" + name, line: nil, problem: "is not a template intake uses",
                                        fix: "name it KIND.LANGUAGE.mustache with KIND accepted, rejected, review or correction and LANGUAGE one of \(languages.joined(separator: ", "))"))
        }
        let (settings, settingsProblems) = ReplySettings.lint(directory: directory)
        problems += settingsProblems
        for id in settings?.noReplyWhen ?? [] where !ruleIDs.contains(id) {
            problems.append(RuleProblem(file: directory + "/settings.yaml", line: nil, problem: "no-reply-when names \(id), which is no rule",
                                        fix: "use a rule id of rules.yaml" + closest(id, Set(ruleIDs))))
        }
        return problems
    }

    static func fullValues(ruleIDs: [String]) -> [String: Any] {
        var values: [String: Any] = [:]
        for name in ReplyNames.texts { values[name] = "x" }
        for name in ReplyNames.flags + ruleIDs { values[name] = true }
        for (name, itemNames) in ReplyNames.lists {
            values[name] = [Dictionary(uniqueKeysWithValues: itemNames.map { ($0, "x" as Any) })]
        }
        return values
    }

    static func emptyValues(ruleIDs: [String]) -> [String: Any] {
        var values: [String: Any] = [:]
        for name in ReplyNames.flags + ruleIDs { values[name] = false }
        for name in ReplyNames.lists.keys { values[name] = [[String: Any]]() }
        return values
    }

    /// The names in a template's tags ({{name}}, {{#name}}, {{^name}}, {{/name}}, {{&name}}, {{{name}}}),
    /// comments and other tags left out.
    static func tagNames(in source: String) -> [String] {
        var names: [String] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound]
            rest = rest[close.upperBound...]
            if let first = tag.first, "#^/&{".contains(first) { tag = tag.dropFirst() }
            else if let first = tag.first, "!>=<$%".contains(first) { continue }
            let name = tag.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "{}"))
            if !name.isEmpty { names.append(name) }
        }
        return names
    }

    static func line(of name: String, in source: String) -> Int? {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { line in tagNames(in: String(line)).contains(name) || line.contains(name) }.map { $0 + 1 }
    }

    /// " (did you mean {{organization}}?)" for a near miss.
    static func closest(_ name: String, _ known: Set<String>) -> String {
        let lower = name.lowercased()
        var best: (name: String, distance: Int)? = nil
        for candidate in known.sorted() {
            let d = distance(lower, candidate.lowercased())
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= Swift.max(2, name.count / 3) else { return "" }
        return " (did you mean {{\(best.name)}}?)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard a.count < 64, b.count < 64 else { return Int.max }
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let saved = row[j]
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                let deletion = row[j] + 1
                let insertion = row[j - 1] + 1
                row[j] = Swift.min(substitution, deletion, insertion)
                previous = saved
            }
        }
        return row[b.count]
    }
}
