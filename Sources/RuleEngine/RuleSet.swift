import Extraction
import MIME

/// The rules in force, with the lists they refer to, as loaded from a `Rules/` folder.
package struct RuleSet: Sendable {
    package var rules: [Rule]
    package var lists: [String: DomainList]
    /// Servers whose Authentication-Results headers are believed (the company's inbound MX).
    package var trustedAuthServers: [String]
    /// A digest of every rule file: recorded with each decision so an audit knows which rules made it.
    package var version: String
    package var directory: String
    /// How each field is named to a requester, per language.
    package var fieldWords: FieldWords

    /// Why each rule did or did not fire, for `check --explain`.
    package struct Outcome: Sendable {
        package var rule: Rule
        package var fired: Bool
        package var why: String
        /// Fired, but stood in for by another rule that also fired.
        package var replacedBy: String?
    }

    package struct Evaluation: Sendable {
        package var findings: [Finding]
        package var verdict: Verdict
        package var outcomes: [Outcome]
    }

    /// The rules applied outside filing (`check`, `rules test`): no store to ask, so `already-on-file`
    /// never fires.
    package func evaluate(_ input: RuleInput) -> Evaluation {
        evaluate(input, casesOnFile: Optional<(OrganizationDomain) throws(Never) -> [String]>.none)
    }

    /// The rules applied while filing: `casesOnFile` asks the store which cases from an organization are
    /// already on file (their ids, oldest first; empty when none). A store that cannot answer stops the
    /// decision with its own error: a question left unanswered is never read as "none".
    package func evaluate<Failure: Error>(_ input: RuleInput, casesOnFile: ((OrganizationDomain) throws(Failure) -> [String])?) throws(Failure) -> Evaluation {
        // The store's answer is kept for the finding's {earlier}: asked once, by the rule that needs it.
        var earlier: [String] = []
        let isOnFile = casesOnFile.map { ask in
            { (organization: OrganizationDomain) throws(Failure) -> Bool in
                earlier = try ask(organization)
                return !earlier.isEmpty
            }
        }
        var outcomes: [Outcome] = []
        for rule in rules {
            // A message that could not be parsed has no fields to judge: only rules about that apply.
            if input.message == nil, !Self.mentionsUnparseable(rule.condition) {
                outcomes.append(Outcome(rule: rule, fired: false, why: "not applied: the message could not be parsed"))
                continue
            }
            let (fired, why) = try check(rule.condition, input, isOnFile)
            outcomes.append(Outcome(rule: rule, fired: fired, why: why))
        }
        // A rule that fires replaces the rules it names.
        for i in outcomes.indices where outcomes[i].fired {
            for replaced in outcomes[i].rule.replaces {
                for j in outcomes.indices where outcomes[j].rule.id == replaced && outcomes[j].fired {
                    outcomes[j].replacedBy = outcomes[i].rule.id
                }
            }
        }
        let findings = outcomes.filter { $0.fired && $0.replacedBy == nil }.map { finding(for: $0.rule, input, earlier: earlier) }
        return Evaluation(findings: findings, verdict: Verdict(findings: findings), outcomes: outcomes)
    }

    // MARK: - Conditions

    func check<Failure: Error>(_ condition: Condition, _ input: RuleInput,
                               _ isOnFile: ((OrganizationDomain) throws(Failure) -> Bool)?) throws(Failure) -> (Bool, String) {
        switch condition {
        case .fieldMissing(let names):
            let missing = names.filter { input.fields.value(of: $0) == nil }
            return missing.isEmpty ? (false, "all of \(names.joined(separator: ", ")) are known")
                : (true, "missing: \(missing.joined(separator: ", "))")
        case .senderDomainIn(let list, let except):
            guard let domain = input.senderDomain else { return (false, "no From address") }
            guard let entry = lists[list]?.match(domain) else { return (false, "\(domain) is not on the \(list) list") }
            if let except, let allowed = lists[except]?.match(domain) {
                return (false, "\(domain) matches \(entry) on the \(list) list, but \(allowed) is on the \(except) list")
            }
            return (true, "\(domain) matches \(entry) on the \(list) list")
        case .replyToOtherOrganization:
            guard let message = input.message, let domain = input.senderDomain, let organization = input.senderOrganization else {
                return (false, "no From address")
            }
            let others = message.replyTo.compactMap(\.domain).filter { OrganizationDomain(domain: $0) != organization }
            if let other = others.first { return (true, "Reply-To \(other) is not \(domain)'s organization (\(organization))") }
            // A Reply-To with no address that can be read may send replies anywhere: a person looks.
            if let unreadable = message.replyTo.first(where: { $0.domain == nil }) {
                return (true, "Reply-To \"\(unreadable.address)\" has no address that can be read as \(domain)'s")
            }
            return (false, message.replyTo.isEmpty ? "no Reply-To" : "Reply-To is the sender's organization")
        case .compare(let left, let op, let right):
            guard case .number(let a)? = input.fields.value(of: left) else { return (false, "\(left) is unknown") }
            let b: Int
            switch right {
            case .number(let n): b = n
            case .field(let name):
                guard case .number(let n)? = input.fields.value(of: name) else { return (false, "\(name) is unknown") }
                b = n
            }
            let rightName = { if case .field(let n) = right { return n } else { return String(b) } }()
            return (op.holds(a, b), "\(left) \(a) \(op.holds(a, b) ? "" : "not ")\(op.rawValue) \(rightName) \(b)")
        case .headerMatches(let header, let pattern):
            let values = input.message?.header.all(header) ?? []
            if let hit = values.first(where: pattern.matches) { return (true, "\(header): \(hit)") }
            return (false, values.isEmpty ? "no \(header) header" : "\(header) does not match /\(pattern.source)/")
        case .attachmentType(let types):
            // A small image shown inside the mail (a signature logo, a banner) is not a letter; a
            // scanned page is far larger than this even when a client puts it inline.
            let present = (input.message?.attachments ?? [])
                .filter { !($0.isInline && $0.contentType.hasPrefix("image/") && $0.bytes.count < Self.inlineDecorationBytes) }
                .map(\.contentType)
            if let hit = present.first(where: { type in types.contains { Self.typeMatches(type, $0) } }) {
                return (true, "a \(hit) attachment is present")
            }
            return (false, present.isEmpty ? "no attachments" : "no attachment of type \(types.joined(separator: ", "))")
        case .authenticationFails(let servers):
            // An empty list means the rule set's trusted servers (`authentication-fails: trusted`).
            let trusted = Set((servers.isEmpty ? trustedAuthServers : servers).map { $0.lowercased() })
            let results = (input.message?.header.all("Authentication-Results") ?? []).compactMap(AuthenticationResults.init(header:))
            let believed = results.filter { trusted.contains($0.authservID) }
            if let failed = believed.first(where: \.failsAuthentication) {
                let r = failed.results.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                return (true, "\(failed.authservID) says \(r)")
            }
            if believed.isEmpty {
                return (false, results.isEmpty ? "no Authentication-Results header" : "no Authentication-Results from a trusted server")
            }
            return (false, "\(believed[0].authservID) says the sender is authenticated")
        case .alreadyOnFile:
            guard let isOnFile else { return (false, "not filing: no store to look in") }
            guard let organization = input.senderOrganization else { return (false, "no From address") }
            return try isOnFile(organization) ? (true, "a request from \(organization) is already on file")
                : (false, "no request from \(organization) on file")
        case .namesOtherOrganizationCase:
            return input.otherOrganizationCases.isEmpty ? (false, "names no case of another organization")
                : (true, "names \(input.otherOrganizationCases.joined(separator: ", ")), of another organization")
        case .followUpAfterPersonDecision:
            guard let decision = input.personDecisionBefore else { return (false, "no follow-up after a person's decision") }
            return (true, "a follow-up joined the case after a person's decision (\(decision))")
        case .unparseable:
            return input.message == nil || input.message?.hasHeaderSection == false ? (true, "the message could not be parsed") : (false, "the message was parsed")
        case .letterUnreadable:
            let hit = input.letters.first { if case .unreadable = $0.outcome { true } else { false } }
            if let hit { return (true, "\(hit.attachment): \(hit.problem ?? "")") }
            return (false, input.letters.isEmpty ? "no letter attached" : "no converter failed on a letter")
        case .letterUnread:
            if let hit = input.letters.first(where: { $0.problem != nil }) { return (true, "\(hit.attachment): \(hit.problem ?? "")") }
            return (false, input.letters.isEmpty ? "no letter attached" : "every letter was read")
        case .letterRead:
            if let hit = input.letters.first(where: { !$0.pages.isEmpty }) {
                return (true, "\(hit.attachment) was read (\(hit.pages.count) page\(hit.pages.count == 1 ? "" : "s"))")
            }
            return (false, input.letters.isEmpty ? "no letter attached" : "no letter gave text")
        case .letterOrganizationDiffers:
            guard let name = input.letterOrganization else { return (false, "no letter names an organization") }
            guard let domain = input.senderDomain else { return (false, "no From address") }
            return LetterOrganization.matches(name, domain: domain)
                ? (false, "the letter's \(name) may be \(domain)'s") : (true, "the letter names \(name), which \(domain) does not suggest")
        case .letterDisagrees:
            guard !input.disagreements.isEmpty else { return (false, "the body and the letters agree on every count both give") }
            return (true, input.disagreements.map(\.description).joined(separator: "; "))
        case .all(let list):
            var reasons: [String] = []
            for c in list {
                let (ok, why) = try check(c, input, isOnFile)
                if !ok { return (false, why) }
                reasons.append(why)
            }
            return (true, reasons.joined(separator: "; "))
        case .any(let list):
            var reasons: [String] = []
            for c in list {
                let (ok, why) = try check(c, input, isOnFile)
                if ok { return (true, why) }
                reasons.append(why)
            }
            return (false, reasons.joined(separator: "; "))
        case .not(let c):
            let (ok, why) = try check(c, input, isOnFile)
            return (!ok, why)
        }
    }

    static let inlineDecorationBytes = 50_000

    static func typeMatches(_ type: String, _ pattern: String) -> Bool {
        let p = pattern.lowercased()
        if p.hasSuffix("/*") { return type.hasPrefix(String(p.dropLast())) }
        return type == p
    }

    // MARK: - Findings

    func finding(for rule: Rule, _ input: RuleInput, earlier: [String] = []) -> Finding {
        var missing: [String]? = nil
        var matched: String? = nil
        if let names = Self.missingFields(rule.condition) {
            let m = names.filter { input.fields.value(of: $0) == nil }
            if !m.isEmpty { missing = m }
        }
        if let list = Self.senderList(rule.condition), let domain = input.senderDomain {
            matched = lists[list]?.match(domain)
        }
        let language = fieldWords.replyLanguage(for: input.language)
        var values: [String: String] = [
            "from": input.sender ?? "(no sender)",
            "domain": input.senderDomain ?? "(no domain)",
            "matched": matched ?? "",
            "missing": missing.map { fieldWords.list($0, in: language) } ?? "",
            "replyTo": input.message?.replyTo.map { $0.domain == nil ? ($0.name ?? $0.address) : $0.address }.joined(separator: ", ") ?? "",
            "letter": (input.letters.first { $0.problem != nil } ?? input.letters.first)?.attachment ?? "",
            "letterProblem": input.letters.first { $0.problem != nil }?.problem ?? "",
            "letterOrganization": input.letterOrganization ?? "",
            "disagreement": input.disagreements.map(\.description).joined(separator: "; "),
            "earlier": Self.caseList(earlier),
            "namedCases": Self.caseList(input.otherOrganizationCases),
            "personDecision": input.personDecisionBefore ?? "",
        ]
        for name in RequestFields.fieldNames {
            values[name] = input.fields.value(of: name)?.description ?? "unknown"
        }
        return Finding(rule: rule.id, severity: rule.severity, message: Self.render(rule.message(in: language), values),
                       missing: missing, matched: matched)
    }

    /// The fields a `field-missing` condition names, searched through `all`/`any`.
    static func missingFields(_ c: Condition) -> [String]? {
        switch c {
        case .fieldMissing(let names): return names
        case .all(let list), .any(let list): return list.lazy.compactMap(missingFields).first
        default: return nil
        }
    }

    static func mentionsUnparseable(_ c: Condition) -> Bool {
        switch c {
        case .unparseable: return true
        case .all(let list), .any(let list): return list.contains(where: mentionsUnparseable)
        case .not(let inner): return mentionsUnparseable(inner)
        default: return false
        }
    }

    static func senderList(_ c: Condition) -> String? {
        switch c {
        case .senderDomainIn(let list, _): return list
        case .all(let list), .any(let list): return list.lazy.compactMap(senderList).first
        default: return nil
        }
    }

    /// The names a message may hold in braces.
    package static let placeholders: Set<String> = Set(["from", "domain", "matched", "missing", "replyTo",
                                                        "letter", "letterProblem", "letterOrganization", "disagreement",
                                                        "earlier", "namedCases", "personDecision"] + RequestFields.fieldNames)

    /// Case ids as a requester reads them: the newest `casesNamed` of them, oldest first.
    static func caseList(_ ids: [String]) -> String {
        ids.suffix(casesNamed).joined(separator: ", ")
    }

    /// How many case ids a finding names at most (the store is asked for no more).
    package static let casesNamed = 5

    /// The `{name}`s a template holds, in order.
    static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    static func render(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let key = String(rest[rest.index(after: open)..<close])
            out += values[key] ?? "{\(key)}"
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }
}
