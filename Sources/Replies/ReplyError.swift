package import RuleEngine

/// Why a reply cannot be composed. Each says what to do.
package enum ReplyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The templates or settings in Rules/replies/ have problems (each with file:line and a fix).
    case invalidReplyRules(directory: String, problems: [RuleProblem])
    /// The request gave no address a reply can go to.
    case noRecipient
    /// The address a reply would go to cannot be written in a header as it is.
    case recipientUnusable(String)
    /// Our own address (configured) is not a plain mail address.
    case ourAddressUnusable(String)
    /// The Message-ID given for the reply is not a plain msg-id.
    case messageIDUnusable(String)

    package var description: String {
        switch self {
        case .invalidReplyRules(let directory, let problems):
            let list = problems.map { "  " + $0.description }.joined(separator: "\n")
            return "the reply templates in \(directory) have \(problems.count) problem\(problems.count == 1 ? "" : "s"):\n\(list)\n(run `intake rules lint` after fixing)"
        case .noRecipient:
            return "the request has no From address: there is nobody to reply to (a person answers it by hand)"
        case .recipientUnusable(let address):
            return "the reply would go to \"\(HeaderText.bounded(HeaderText.singleLine(address), characters: 80))\", which is not a plain mail address: no reply is composed (a person answers it by hand)"
        case .ourAddressUnusable(let address):
            return "our own address \"\(HeaderText.bounded(HeaderText.singleLine(address), characters: 80))\" is not a plain mail address (name@example.com): fix it in intake.yaml"
        case .messageIDUnusable(let id):
            return "the reply's Message-ID \"\(HeaderText.bounded(HeaderText.singleLine(id), characters: 80))\" is not of the form left@right without spaces or brackets"
        }
    }
}
