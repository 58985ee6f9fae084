/// When a rule fires. Written in `Rules/rules.yaml` as a mapping with one key (see Rules/README.md).
package indirect enum Condition: Sendable {
    /// Any of these fields is unknown.
    case fieldMissing([String])
    /// The From domain, or a parent of it, is on a list (and not on the `except` list).
    case senderDomainIn(list: String, except: String?)
    /// A Reply-To address belongs to another organization than From.
    case replyToOtherOrganization
    /// `left op right`, both fields (or a number on the right); false when either side is unknown.
    case compare(left: String, op: Comparison, right: Operand)
    /// A header's value matches a regular expression.
    case headerMatches(header: String, pattern: HeaderPattern)
    /// An attachment of one of these types is present ("application/pdf", "image/*").
    case attachmentType([String])
    /// A trusted server's Authentication-Results says dmarc=fail, or spf=fail without dkim=pass.
    case authenticationFails(servers: [String])
    /// A case from the same organization domain is already on file (only when filing).
    case alreadyOnFile
    /// The message names a case (a reply of ours, a message filed in it, its id in the subject) that
    /// belongs to another organization: it was filed as a new case, never joined to that one.
    case namesOtherOrganizationCase
    /// A follow-up joined a case a person had already decided: the case is decided again by the rules,
    /// and a person has to look at it again.
    case followUpAfterPersonDecision
    /// The message could not be parsed.
    case unparseable
    /// A letter a converter tried and could not read (a crash, a limit, an encrypted PDF).
    case letterUnreadable
    /// A letter that gave no text: unreadable, or of a kind nothing here reads (a GIF).
    case letterUnread
    /// A letter that gave text.
    case letterRead
    /// The organization the letters name is not the one the sender's domain suggests.
    case letterOrganizationDiffers
    /// The body and a letter give different values for a count.
    case letterDisagrees
    case all([Condition])
    case any([Condition])
    case not(Condition)

    package enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<=", less = "<", greaterOrEqual = ">=", greater = ">", equal = "==", notEqual = "!="

        func holds(_ a: Int, _ b: Int) -> Bool {
            switch self {
            case .lessOrEqual: return a <= b
            case .less: return a < b
            case .greaterOrEqual: return a >= b
            case .greater: return a > b
            case .equal: return a == b
            case .notEqual: return a != b
            }
        }
    }

    package enum Operand: Sendable {
        case field(String)
        case number(Int)
    }
}

/// A compiled header pattern. Regex values are immutable once built; it is only read.
package struct HeaderPattern: @unchecked Sendable {
    package let source: String
    let regex: Regex<AnyRegexOutput>

    init(_ source: String) throws {
        self.source = source
        regex = try Regex(source).ignoresCase()
    }

    // Matching throws only from custom regex components, which a pattern read from text cannot hold.
    func matches(_ s: String) -> Bool { (try? regex.firstMatch(in: s)) != nil }
}

/// A rule: an id, how much it weighs, when it fires, and what the requester reads when it does.
package struct Rule: Sendable {
    package var id: String
    package var severity: Severity
    package var description: String
    package var condition: Condition
    /// Message templates by language: `{from}`, `{domain}`, `{matched}`, `{missing}`, `{replyTo}` and any
    /// field name. A message written as one text serves every language.
    package var messages: [String: String]
    /// The message in `language`, else in English, else any.
    package func message(in language: String) -> String {
        messages[language] ?? messages["en"] ?? messages.values.sorted().first ?? ""
    }
    /// Rules this one stands in for when both fire (letter-needs-reading replaces incomplete-request).
    package var replaces: [String]
    package var file: String
    package var line: Int?
}
