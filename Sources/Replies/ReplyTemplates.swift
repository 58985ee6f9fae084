import Foundation
import Mustache
import RuleEngine

/// The reply templates a sales admin edits: `Rules/replies/<kind>.<language>.mustache`, one per kind
/// (accepted, rejected, review) and language of fields.yaml. Plain text Mustache: values are written
/// as they are (no HTML escaping; the HTML alternative is made from the rendered text and escaped).
package struct ReplyTemplates: Sendable {
    package var directory: String
    var templates: [ReplyKind: [String: MustacheTemplate]]

    /// Put before every template so names render as plain text, not HTML-escaped; standalone on its own
    /// line, it leaves no trace in the output. Error line numbers are given back without it.
    static let textMode = "{{%CONTENT_TYPE:TEXT}}\n"

    package static func fileName(_ kind: ReplyKind, _ language: String) -> String { "\(kind.rawValue).\(language).mustache" }

    /// Loads every template; refuses the set whole when one is missing or does not parse.
    package static func load(directory: String, languages: [String]) throws(ReplyError) -> ReplyTemplates {
        var templates: [ReplyKind: [String: MustacheTemplate]] = [:]
        var problems: [RuleProblem] = []
        for kind in ReplyKind.allCases {
            for language in languages {
                switch parse(directory: directory, kind: kind, language: language) {
                case .success(let template): templates[kind, default: [:]][language] = template
                case .failure(let problem): problems.append(problem)
                }
            }
        }
        guard problems.isEmpty else { throw .invalidReplyRules(directory: directory, problems: problems) }
        return ReplyTemplates(directory: directory, templates: templates)
    }

    /// A template file read: the template, or its problem.
    enum Parsed {
        case success(MustacheTemplate)
        case failure(RuleProblem)
    }

    static func parse(directory: String, kind: ReplyKind, language: String) -> Parsed {
        let path = directory + "/" + fileName(kind, language)
        guard let data = FileManager.default.contents(atPath: path) else {
            let problem = FileManager.default.fileExists(atPath: path) ? "cannot be read" : "is missing"
            return .failure(RuleProblem(file: path, line: nil, problem: "the \(kind.rawValue) reply in \(language) \(problem)",
                                        fix: "write it (copy \(fileName(kind, "en")) and translate it)"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(RuleProblem(file: path, line: nil, problem: "is not UTF-8 text", fix: "save it as UTF-8"))
        }
        return parse(text, path: path)
    }

    static func parse(_ text: String, path: String) -> Parsed {
        do {
            return .success(try MustacheTemplate(string: textMode + text))
        } catch let error as MustacheTemplate.ParserError {
            // A section left open is found where it opens, not at the end of the file the parser reached.
            if let (name, line) = unclosedSection(text) {
                return .failure(RuleProblem(file: path, line: line, problem: "the section {{#\(name)}} is never closed",
                                            fix: "end it with {{/\(name)}}"))
            }
            let shown = error.context.line.trimmingCharacters(in: .whitespaces)
            return .failure(RuleProblem(file: path, line: max(1, error.context.lineNumber - 1),
                                        problem: "the template does not parse (\(describe(error.error)))"
                                            + (shown.isEmpty ? "" : " at column \(error.context.columnNumber): \(shown)"),
                                        fix: "close every {{#section}} with {{/section}} and every {{ with }}"))
        } catch {
            return .failure(RuleProblem(file: path, line: nil, problem: "the template does not parse (\(error))"))
        }
    }

    /// The first `{{#name}}` or `{{^name}}` with no `{{/name}}` after it, and its line.
    static func unclosedSection(_ text: String) -> (String, Int)? {
        var open: [(String, Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line[...]
            while let start = rest.range(of: "{{"), let end = rest[start.upperBound...].range(of: "}}") {
                let tag = rest[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces)
                rest = rest[end.upperBound...]
                guard let sigil = tag.first else { continue }
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                if sigil == "#" || sigil == "^" { open.append((name, index + 1)) }
                if sigil == "/", let last = open.lastIndex(where: { $0.0 == name }) { open.removeSubrange(last...) }
            }
        }
        return open.first
    }

    static func describe(_ error: any Error) -> String {
        if "\(error)" == "overflow" { return "a tag runs to the end of the file: a }} is missing" }
        guard let e = error as? MustacheTemplate.Error else { return "\(error)" }
        switch e {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not finished"
        case .expectedSectionEnd: return "a section is never closed"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        default: return "\(e)"
        }
    }

    /// The plain text of a reply, as the requester reads it: lines ending "\n", no trailing spaces,
    /// no more than one blank line in a row, ending with one newline.
    /// Also the names the template asked for that are not `known` (none, once `rules lint` passed).
    func render(_ kind: ReplyKind, language: String, values: [String: Any], known: Set<String>) -> (text: String, unknown: [String]) {
        guard let template = templates[kind]?[language] ?? templates[kind]?.values.first else { return ("", []) }
        return Self.render(template, values: values, known: known)
    }

    static func render(_ template: MustacheTemplate, values: [String: Any], known: Set<String>) -> (text: String, unknown: [String]) {
        let root = NameRecorder(values: values, known: known)
        let text = tidy(template.render(root))
        return (text, root.unknown)
    }

    static func tidy(_ text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            var line = line
            while let last = line.last, last == " " || last == "\t" { line = line.dropLast() }
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// The top of a template's context: gives the values of known names and notes every other name a
/// template asks for (a name not found in a list's item is asked here too, so a misspelt name inside
/// a section is caught). Used once per rendering, on one thread.
final class NameRecorder: MustacheParent {
    let values: [String: Any]
    let known: Set<String>
    private(set) var unknown: [String] = []

    init(values: [String: Any], known: Set<String>) {
        self.values = values
        self.known = known
    }

    func child(named name: String) -> Any? {
        if !known.contains(name), !unknown.contains(name) { unknown.append(name) }
        return values[name]
    }
}
