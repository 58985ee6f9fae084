import Extraction
import Crypto
import Foundation
import Yams

/// Reads `rules.yaml` and the list files it names from a rules folder. Every problem is collected
/// with its file and line; a rule set with any problem is refused whole.
package enum RuleSetLoader {
    package static func load(directory: String) throws(RuleError) -> RuleSet {
        let (set, problems) = lint(directory: directory)
        guard let set, problems.isEmpty else { throw .invalidRuleSet(directory: directory, problems: problems) }
        return set
    }

    /// Every problem in the rule files; the rule set too when it could be built.
    package static func lint(directory: String) -> (RuleSet?, [RuleProblem]) {
        var reader = Reader(directory: directory)
        let set = reader.read()
        // Without the list no two domains of one organization are told alike: every Reply-To and
        // duplicate decision would be wrong, so no rule runs.
        if !OrganizationDomain.suffixListIsAvailable {
            reader.problem(nil, "the Public Suffix List cannot be loaded (libpsl has no built-in list and "
                + "\(OrganizationDomain.suffixListFile) is missing): organizations cannot be told apart",
                fix: "install the publicsuffix package (apt-get install publicsuffix)")
        }
        return (reader.problems.isEmpty ? set : nil, reader.problems)
    }

    struct Reader {
        let directory: String
        var problems: [RuleProblem] = []
        /// Every rule id written, including rules refused for a problem.
        var declaredIDs: Set<String> = []
        /// The fields `fields.yaml` marks required: what `field-missing: required` stands for.
        var requiredFields: [String] = []
        let file = "rules.yaml"

        init(directory: String) { self.directory = directory }

        mutating func problem(_ node: Node?, _ text: String, fix: String? = nil, file: String? = nil) {
            problems.append(RuleProblem(file: path(file ?? self.file), line: node?.mark.map { $0.line }, problem: text, fix: fix))
        }

        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

        mutating func read() -> RuleSet? {
            guard let data = FileManager.default.contents(atPath: path(file)), let text = String(data: data, encoding: .utf8) else {
                problem(nil, "cannot be read", fix: "point --rules at the folder that holds rules.yaml")
                return nil
            }
            let root: Node
            do {
                guard let node = try Yams.compose(yaml: text) else {
                    problem(nil, "is empty", fix: "start from the shipped Rules/rules.yaml")
                    return nil
                }
                root = node
            } catch let error as YamlError {
                problems.append(RuleProblem(file: path(file), line: Self.line(of: error), problem: "is not valid YAML: \(Self.describe(error))",
                                            fix: "check the indentation and quoting around that line"))
                return nil
            } catch {
                problem(nil, "is not valid YAML: \(error)")
                return nil
            }
            guard let top = root.mapping else {
                problem(root, "the top level must be a mapping with settings, lists and rules")
                return nil
            }
            for (key, _) in top where !["settings", "lists", "rules"].contains(key.string ?? "") {
                problem(key, "unknown section \"\(key.string ?? "?")\"", fix: "use settings, lists or rules")
            }
            let trusted = readSettings(top["settings"])
            let lists = readLists(top["lists"])
            let fieldWords = readFieldWords()
            requiredFields = fieldWords.required
            let rules = readRules(top["rules"], lists: lists, languages: fieldWords.languages)
            let set = RuleSet(rules: rules, lists: lists, trustedAuthServers: trusted, version: version(), directory: directory,
                              fieldWords: fieldWords)
            // A rule left out for a problem of its own is not reported missing too.
            if !declaredIDs.contains(RuleSet.unreadableRuleID) || rules.contains(where: { $0.id == RuleSet.unreadableRuleID }),
               let unready = set.unreadableProblem() {
                let rule = rules.first { $0.id == RuleSet.unreadableRuleID }
                problems.append(RuleProblem(file: path(file), line: rule?.line ?? top["rules"]?.mark?.line,
                                            problem: unready.problem, fix: unready.fix))
            }
            return set
        }

        mutating func readSettings(_ node: Node?) -> [String] {
            guard let node else { return [] }
            guard let map = node.mapping else { problem(node, "settings must be a mapping"); return [] }
            var trusted: [String] = []
            for (key, value) in map {
                switch key.string {
                case "trusted-auth-servers":
                    trusted = strings(value, what: "trusted-auth-servers") ?? []
                default:
                    problem(key, "unknown setting \"\(key.string ?? "?")\"", fix: "the settings are: trusted-auth-servers")
                }
            }
            return trusted
        }

        mutating func readLists(_ node: Node?) -> [String: DomainList] {
            guard let node else { return [:] }
            guard let map = node.mapping else { problem(node, "lists must be a mapping of list names"); return [:] }
            var lists: [String: DomainList] = [:]
            for (key, value) in map {
                guard let name = key.string else { continue }
                if let fileName = value.mapping?["file"]?.string ?? value.string {
                    guard let data = FileManager.default.contents(atPath: path(fileName)), let text = String(data: data, encoding: .utf8) else {
                        problem(value, "list \(name): the file \(fileName) cannot be read", fix: "create it beside rules.yaml, one domain a line")
                        continue
                    }
                    let parsed = DomainList.parse(text)
                    for (line, domain) in parsed where !Self.isDomain(domain) {
                        problems.append(RuleProblem(file: path(fileName), line: line, problem: "\"\(domain)\" is not a domain",
                                                    fix: "write a bare domain such as example.com"))
                    }
                    lists[name] = DomainList(name: name, normalized: parsed.map(\.domain))
                } else if let domains = value.mapping?["domains"] {
                    let entries = strings(domains, what: "list \(name) domains") ?? []
                    for (i, d) in entries.enumerated() where !Self.isDomain(d.lowercased()) {
                        problem(domains.sequence?[i], "\"\(d)\" is not a domain", fix: "write a bare domain such as example.com")
                    }
                    lists[name] = DomainList(name: name, entries: entries)
                } else {
                    problem(value, "list \(name) needs a file or domains", fix: "write `\(name): {file: \(name).txt}` or `\(name): {domains: [example.com]}`")
                }
            }
            return lists
        }

        /// `fields.yaml`: every field's words in every language it lists.
        mutating func readFieldWords() -> FieldWords {
            let name = "fields.yaml"
            let fallback = FieldWords(languages: ["en"], words: [:], and: [:])
            guard let data = FileManager.default.contents(atPath: path(name)), let text = String(data: data, encoding: .utf8) else {
                problem(nil, "cannot be read", fix: "copy the shipped Rules/fields.yaml: it names each field for a requester", file: name)
                return fallback
            }
            let root: Node?
            do { root = try Yams.compose(yaml: text) } catch {
                problem(nil, "is not valid YAML: \(error)", file: name)
                return fallback
            }
            guard let top = root?.mapping else { problem(root, "must be a mapping with languages, and, fields", file: name); return fallback }
            for (key, _) in top where !["languages", "and", "fields"].contains(key.string ?? "") {
                problem(key, "unknown key \"\(key.string ?? "?")\"", fix: "the keys are languages, and, fields", file: name)
            }
            let languages = top["languages"].flatMap { strings($0, what: "languages") } ?? []
            if languages.isEmpty { problem(top["languages"], "no languages", fix: "write `languages: [en, es, pt]`", file: name) }
            var and: [String: String] = [:]
            for (key, value) in top["and"]?.mapping ?? [:] { if let k = key.string, let v = value.string { and[k] = v } }
            for language in languages where and[language] == nil {
                problem(top["and"], "no word for \"and\" in \(language)", fix: "add `\(language): …` under and", file: name)
            }
            var words: [String: [String: String]] = [:]
            var required: [String] = []
            for (key, value) in top["fields"]?.mapping ?? [:] {
                guard let field = key.string else { continue }
                if !RequestFields.isFieldName(field) {
                    problem(key, "\"\(field)\" is not a field", fix: "fields are: \(RequestFields.fieldNames.joined(separator: ", "))", file: name)
                    continue
                }
                var byLanguage: [String: String] = [:]
                for (k, v) in value.mapping ?? [:] {
                    guard let k = k.string else { continue }
                    if k == "required" {
                        guard let flag = v.bool else {
                            problem(v, "\(field): required takes true or false", fix: "write `required: true` or leave it out", file: name)
                            continue
                        }
                        if flag { required.append(field) }
                    } else if !languages.contains(k) {
                        problem(v, "\(field): \"\(k)\" is not a language of this file nor `required`",
                                fix: "write the field's words under \(languages.joined(separator: ", ")), and `required: true` if a request must give it",
                                file: name)
                    } else if let v = v.string, !v.isEmpty {
                        byLanguage[k] = v
                    }
                }
                for language in languages where byLanguage[language] == nil {
                    problem(key, "\(field) has no words in \(language)", fix: "add `\(language): …` under \(field)", file: name)
                }
                words[field] = byLanguage
            }
            for field in RequestFields.fieldNames where words[field] == nil {
                problem(top["fields"], "\(field) has no words", fix: "add \(field) with its words in \(languages.joined(separator: ", "))", file: name)
            }
            return FieldWords(languages: languages.isEmpty ? ["en"] : languages, words: words, and: and, required: required)
        }

        /// A rule's message: one text for every language, or a mapping language → text. Each text may hold
        /// only known placeholders.
        mutating func readMessages(_ node: Node?, rule: String, languages: [String]) -> [String: String] {
            var messages: [String: String] = [:]
            if let text = node?.string {
                messages["*"] = text
            } else if let map = node?.mapping {
                for (key, value) in map {
                    guard let language = key.string, let text = value.string else {
                        problem(key, "rule \(rule): a message's languages map to text", fix: "write `en: \"…\"`")
                        continue
                    }
                    if !languages.contains(language) {
                        problem(key, "rule \(rule): \(language) is not a language of fields.yaml",
                                fix: "write one of \(languages.joined(separator: ", ")), or add it to fields.yaml")
                    }
                    messages[language] = text
                }
                if messages[languages.first ?? "en"] == nil {
                    problem(node, "rule \(rule): no message in \(languages.first ?? "en")", fix: "every message needs the first language of fields.yaml, the fallback")
                }
            }
            if messages.isEmpty || messages.values.contains(where: \.isEmpty) {
                problem(node, "rule \(rule) has no message", fix: "add `message:` with what the requester should read")
            }
            for (language, text) in messages.sorted(by: { $0.key < $1.key }) {
                for name in RuleSet.placeholders(in: text) where !RuleSet.placeholders.contains(name) {
                    problem(node, "rule \(rule): the message\(language == "*" ? "" : " in \(language)") names {\(name)}, which is not known",
                            fix: "use {from}, {domain}, {matched}, {missing}, {replyTo}, {letter}, {letterProblem}, {letterOrganization}, {disagreement}, "
                                + "{earlier}, {namedCases}, {personDecision} or a field name")
                }
            }
            if let one = messages.removeValue(forKey: "*") { messages["en"] = one; for l in languages { messages[l] = one } }
            return messages
        }

        mutating func readRules(_ node: Node?, lists: [String: DomainList], languages: [String]) -> [Rule] {
            guard let node else { problem(nil, "no rules section", fix: "add `rules:` with a list of rules"); return [] }
            guard let seq = node.sequence else { problem(node, "rules must be a list (each item starts with `- id:`)"); return [] }
            var rules: [Rule] = []
            var seen: Set<String> = []
            for item in seq {
                guard let map = item.mapping else { problem(item, "each rule must be a mapping with id, severity, when and message"); continue }
                for (key, _) in map where !["id", "severity", "description", "when", "message", "replaces"].contains(key.string ?? "") {
                    problem(key, "unknown rule key \"\(key.string ?? "?")\"", fix: "a rule has id, severity, description, when, message and replaces")
                }
                guard let id = map["id"]?.string, !id.isEmpty else { problem(item, "a rule without an id", fix: "add `id: some-rule-name`"); continue }
                if !seen.insert(id).inserted { problem(map["id"], "rule id \(id) is used twice", fix: "give each rule its own id") }
                declaredIDs.insert(id)
                let severityName = map["severity"]?.string ?? ""
                let severity = Severity(named: severityName)
                if severity == nil {
                    problem(map["severity"] ?? item, "rule \(id): severity \"\(severityName)\" is not known", fix: "write reject, review or info")
                }
                guard let when = map["when"] else { problem(item, "rule \(id) has no `when`", fix: "add a condition, e.g. `when: {field-missing: [organization]}`"); continue }
                let condition = readCondition(when, rule: id, lists: lists)
                let messages = readMessages(map["message"] ?? item, rule: id, languages: languages)
                let replaces = map["replaces"].flatMap { strings($0, what: "rule \(id) replaces") } ?? []
                if let condition, let severity {
                    rules.append(Rule(id: id, severity: severity, description: map["description"]?.string ?? "",
                                      condition: condition, messages: messages, replaces: replaces, file: path(file), line: item.mark?.line))
                }
            }
            let ids = Set(rules.map(\.id))
            for rule in rules {
                for r in rule.replaces where !ids.contains(r) {
                    problems.append(RuleProblem(file: path(file), line: rule.line, problem: "rule \(rule.id) replaces \(r), which is not a rule",
                                                fix: "name an existing rule id"))
                }
            }
            return rules
        }

        static let conditionKeys = ["field-missing", "sender-domain-in", "reply-to-other-organization", "compare", "header-matches",
                                    "attachment-type", "authentication-fails", "already-on-file", "names-other-organization-case",
                                    "follow-up-after-person-decision", "unparseable", "letter-unreadable",
                                    "letter-unread", "letter-read", "letter-organization-differs", "letter-disagrees", "all", "any", "not"]

        mutating func readCondition(_ node: Node, rule: String, lists: [String: DomainList]) -> Condition? {
            guard let map = node.mapping, map.count == 1, let (keyNode, value) = map.first, let key = keyNode.string else {
                problem(node, "rule \(rule): a condition is a mapping with exactly one key",
                        fix: "one of: \(Self.conditionKeys.joined(separator: ", ")); combine several with all: [...] or any: [...]")
                return nil
            }
            switch key {
            case "field-missing":
                // `required`: the fields fields.yaml marks required, in its order (each declared there once).
                if value.string == "required" {
                    if requiredFields.isEmpty {
                        problem(value, "rule \(rule): field-missing: required, but no field of fields.yaml is required",
                                fix: "write `required: true` under each field a request must give in fields.yaml")
                    }
                    return .fieldMissing(requiredFields)
                }
                guard let names = strings(value, what: "field-missing") else { return nil }
                for (i, n) in names.enumerated() where !RequestFields.isFieldName(n) {
                    problem(value.sequence?[i] ?? value, "rule \(rule): \"\(n)\" is not a field",
                            fix: "fields are: \(RequestFields.fieldNames.joined(separator: ", "))")
                }
                return .fieldMissing(names)
            case "sender-domain-in":
                let list = value.string ?? value.mapping?["list"]?.string
                let except = value.mapping?["except"]?.string
                guard let list else { problem(value, "rule \(rule): sender-domain-in needs a list name", fix: "write `sender-domain-in: free-mail`"); return nil }
                for name in [list] + (except.map { [$0] } ?? []) where lists[name] == nil {
                    problem(value, "rule \(rule): there is no list named \(name)", fix: "define it under lists: (known: \(lists.keys.sorted().joined(separator: ", ")))")
                }
                return .senderDomainIn(list: list, except: except)
            case "reply-to-other-organization":
                return flag(value, rule: rule, key: key) ? .replyToOtherOrganization : .not(.replyToOtherOrganization)
            case "already-on-file":
                return flag(value, rule: rule, key: key) ? .alreadyOnFile : .not(.alreadyOnFile)
            case "names-other-organization-case":
                return flag(value, rule: rule, key: key) ? .namesOtherOrganizationCase : .not(.namesOtherOrganizationCase)
            case "follow-up-after-person-decision":
                return flag(value, rule: rule, key: key) ? .followUpAfterPersonDecision : .not(.followUpAfterPersonDecision)
            case "unparseable":
                return flag(value, rule: rule, key: key) ? .unparseable : .not(.unparseable)
            case "letter-unreadable", "letter-unread", "letter-read", "letter-organization-differs", "letter-disagrees":
                let condition: Condition = switch key {
                case "letter-unreadable": .letterUnreadable
                case "letter-unread": .letterUnread
                case "letter-read": .letterRead
                case "letter-organization-differs": .letterOrganizationDiffers
                default: .letterDisagrees
                }
                return flag(value, rule: rule, key: key) ? condition : .not(condition)
            case "compare":
                return readComparison(value, rule: rule)
            case "header-matches":
                guard let header = value.mapping?["header"]?.string, let source = value.mapping?["pattern"]?.string else {
                    problem(value, "rule \(rule): header-matches needs header and pattern", fix: "write `header-matches: {header: X-Mailer, pattern: \"bulk\"}`")
                    return nil
                }
                do {
                    return .headerMatches(header: header, pattern: try HeaderPattern(source))
                } catch {
                    problem(value, "rule \(rule): \"\(source)\" is not a valid regular expression (\(error))")
                    return nil
                }
            case "attachment-type":
                guard let types = strings(value, what: "attachment-type") else { return nil }
                for (i, t) in types.enumerated() where !t.contains("/") {
                    problem(value.sequence?[i] ?? value, "rule \(rule): \"\(t)\" is not a content type", fix: "write type/subtype, e.g. application/pdf or image/*")
                }
                return .attachmentType(types)
            case "authentication-fails":
                if value.string == "trusted" { return .authenticationFails(servers: []) }
                guard let servers = strings(value, what: "authentication-fails") else { return nil }
                return .authenticationFails(servers: servers)
            case "all", "any":
                guard let seq = value.sequence, !seq.isEmpty else { problem(value, "rule \(rule): \(key) needs a list of conditions"); return nil }
                let parts = seq.map { readCondition($0, rule: rule, lists: lists) }
                guard parts.allSatisfy({ $0 != nil }) else { return nil }
                return key == "all" ? .all(parts.map { $0! }) : .any(parts.map { $0! })
            case "not":
                return readCondition(value, rule: rule, lists: lists).map { .not($0) }
            default:
                problem(keyNode, "rule \(rule): unknown condition \"\(key)\"", fix: "one of: \(Self.conditionKeys.joined(separator: ", "))")
                return nil
            }
        }

        mutating func readComparison(_ value: Node, rule: String) -> Condition? {
            let words = (value.string ?? "").split(separator: " ").map(String.init)
            guard words.count == 3, let op = Condition.Comparison(rawValue: words[1]) else {
                problem(value, "rule \(rule): compare must read `field op field-or-number`", fix: "e.g. compare: \"requestedUsers <= licensedUsers\"")
                return nil
            }
            for name in [words[0]] + (Int(words[2]) == nil ? [words[2]] : []) where !RequestFields.isNumberField(name) {
                problem(value, "rule \(rule): \(name) is not a count field", fix: "counts are \(RequestFields.countFieldNames.joined(separator: ", "))")
            }
            return .compare(left: words[0], op: op, right: Int(words[2]).map { .number($0) } ?? .field(words[2]))
        }

        mutating func flag(_ value: Node, rule: String, key: String) -> Bool {
            if let b = value.bool { return b }
            problem(value, "rule \(rule): \(key) takes true or false")
            return true
        }

        mutating func strings(_ node: Node, what: String) -> [String]? {
            if let s = node.string { return [s] }
            guard let seq = node.sequence else { problem(node, "\(what) must be a list"); return nil }
            return seq.compactMap { item in
                if let s = item.string { return s }
                problem(item, "\(what): every item must be text")
                return nil
            }
        }

        /// A digest of every file the rule set is made of. The sample messages (`tests/`) and the held-out
        /// sets (`heldout/`) are what the rules are checked against, not the rules: an installed rule set
        /// leaves the held-out sets out and must report the checkout's version. Their folders are not walked.
        func version() -> String {
            var hasher = SHA256()
            let fm = FileManager.default
            guard let all = fm.enumerator(atPath: directory) else { return "unknown" }
            var files: [String] = []
            while let f = all.nextObject() as? String {
                if f == "tests" || f == "heldout" { all.skipDescendants(); continue }
                if f.hasPrefix("tests/") || f.hasPrefix("heldout/") || f.hasPrefix(".") { continue }
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: path(f), isDirectory: &isDir), !isDir.boolValue { files.append(f) }
            }
            for f in files.sorted() {
                hasher.update(data: Data(f.utf8))
                hasher.update(data: fm.contents(atPath: path(f)) ?? Data())
            }
            return hasher.finalize().map { String(format: "%02x", $0) }.joined().prefix(12).description
        }

        /// labels separated by dots, at least two, each 1–63 of letters, digits, "-" or "_" (bytes: the
        /// free-mail list is long). Non-ASCII letters are allowed for internationalized names.
        static func isDomain(_ s: String) -> Bool {
            var labels = 1, length = 0
            for b in s.utf8 {
                if b == 0x2E {
                    if length == 0 { return false }
                    labels += 1
                    length = 0
                } else if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x5F || b >= 0x80 {
                    length += 1
                    if length > 63 { return false }
                } else {
                    return false
                }
            }
            return labels >= 2 && length > 0
        }

        static func line(of error: YamlError) -> Int? {
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
            default: return nil
            }
        }

        static func describe(_ error: YamlError) -> String {
            switch error {
            case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): return problem
            default: return String(describing: error)
            }
        }
    }
}
