package import MIME

/// Why a message gets no automatic reply (RFC 3834 and what robots send in practice).
package enum LoopReason: Sendable, Equatable, CustomStringConvertible {
    /// `Auto-Submitted` other than "no": an auto-reply, an auto-generated notice.
    case autoSubmitted(String)
    /// `Precedence: bulk`, `list`, `junk` or `auto_reply`.
    case precedence(String)
    /// A vendor's auto-reply mark: `X-Autoreply`, `X-Autorespond`, `X-Auto-Response-Suppress: All|OOF|AutoReply`.
    case autoReplyHeader(name: String, value: String)
    /// `List-Id` or `List-Unsubscribe`: a mailing list.
    case mailingList(header: String)
    /// A delivery or disposition report (multipart/report, message/delivery-status, …).
    case deliveryReport(String)
    /// `Return-Path: <>`: a bounce or another message that must never be answered.
    case emptyReturnPath
    /// The return path is one of our own addresses.
    case ownReturnPath(String)
    /// No From address to answer.
    case noSender
    /// The sender's local part holds a no-reply pattern (Rules/replies/no-reply-senders.txt).
    case noReplySender(address: String, pattern: String)
    /// The message comes from one of our own addresses.
    case ownAddress(String)
    /// The sender has had the day's replies already.
    case dailyLimit(sent: Int, limit: Int)
    /// A finding the settings name in `no-reply-when` (a sender that failed authentication may be forged).
    case finding(String)

    package var description: String {
        switch self {
        case .autoSubmitted(let v): return "Auto-Submitted: \(v) (an automatic message)"
        case .precedence(let v): return "Precedence: \(v) (bulk or list mail)"
        case .autoReplyHeader(let n, let v): return "\(n): \(v) (an automatic reply)"
        case .mailingList(let h): return "\(h) header (a mailing list)"
        case .deliveryReport(let t): return "a delivery or disposition report (\(t))"
        case .emptyReturnPath: return "an empty return path (<>)"
        case .ownReturnPath(let a): return "the return path is our own address \(a)"
        case .noSender: return "no From address"
        case .noReplySender(let a, let p): return "\(a) is a no-reply sender (\"\(p)\")"
        case .ownAddress(let a): return "sent from our own address \(a)"
        case .dailyLimit(let sent, let limit): return "\(sent) replies already sent to this sender today (limit \(limit))"
        case .finding(let rule): return "the case has \(rule), which holds replies back (no-reply-when in replies/settings.yaml)"
        }
    }
}

/// Whether a message may get an automatic reply: nil, or the first reason it may not. A pure function
/// of the parsed message, the rules that fired on it, our own addresses, the loop-guard settings and the
/// number of replies already sent to the reply's recipient today (the outbox counts them).
package enum LoopGuard {
    package static func check(_ message: Message, firedRules: [String] = [], ourAddresses: [String], repliesSentToday: Int,
                              settings: ReplySettings) -> LoopReason? {
        if let rule = firedRules.first(where: settings.noReplyWhen.contains) { return .finding(rule) }
        let header = message.header
        for value in header.all("Auto-Submitted") {
            let keyword = token(value)
            if keyword != "no" { return .autoSubmitted(bounded(value)) }
        }
        for value in header.all("Precedence") {
            let keyword = token(value)
            if ["bulk", "list", "junk", "auto_reply"].contains(keyword) { return .precedence(keyword) }
        }
        for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] {
            if let value = header.first(name) { return .autoReplyHeader(name: name, value: bounded(value)) }
        }
        for value in header.all("X-Auto-Response-Suppress") {
            let words = value.lowercased().split(whereSeparator: { $0 == "," || $0 == " " })
            if words.contains(where: { ["all", "oof", "autoreply"].contains($0) }) {
                return .autoReplyHeader(name: "X-Auto-Response-Suppress", value: bounded(value))
            }
        }
        for name in ["List-Id", "List-Unsubscribe", "List-Post"] where header.first(name) != nil {
            return .mailingList(header: name)
        }
        if let report = deliveryReport(message) { return .deliveryReport(report) }
        let ours = Set(ourAddresses.map { $0.lowercased() })
        // Every Return-Path counts: a relay may add one more, and one empty path is a bounce.
        for returnPath in header.all("Return-Path") {
            let path = returnPath.trimmingWhitespace.trimmingAngleBrackets.trimmingWhitespace
            if path.isEmpty { return .emptyReturnPath }
            if ours.contains(path.lowercased()) { return .ownReturnPath(bounded(path)) }
        }
        guard let sender = message.from.first?.address, !sender.isEmpty else { return .noSender }
        let recipient = OriginalMessage(message).recipient?.address ?? sender
        for address in [sender, recipient] {
            if ours.contains(address.lowercased()) { return .ownAddress(bounded(address)) }
        }
        for address in [sender, recipient] {
            let local = (address.split(separator: "@").first.map(String.init) ?? address).lowercased()
            if let pattern = settings.noReplySenders.first(where: { local.contains($0) }) {
                return .noReplySender(address: bounded(address), pattern: pattern)
            }
        }
        if repliesSentToday >= settings.dailyLimitPerSender {
            return .dailyLimit(sent: repliesSentToday, limit: settings.dailyLimitPerSender)
        }
        return nil
    }

    /// The report type when the message is a delivery or disposition report (or carries one).
    static func deliveryReport(_ message: Message) -> String? {
        if let type = message.header.first("Content-Type") {
            let media = token(type)
            if media == "multipart/report" { return media }
            if reportTypes.contains(media) { return media }
        }
        return message.attachments.lazy.map { $0.contentType.lowercased() }.first(where: reportTypes.contains)
    }

    static let reportTypes: Set<String> = ["message/delivery-status", "message/global-delivery-status",
                                           "message/disposition-notification", "message/global-disposition-notification",
                                           "message/feedback-report"]

    /// The first word of a header value, lower case: "auto-replied" of "auto-replied; owner=…".
    /// Whether a machine sent the message, whoever it is from: an auto-reply (an out-of-office), a list's
    /// mail, a delivery report, a bounce. Such a message is never a requester's own word.
    package static func isAutomatic(_ message: Message) -> Bool {
        let anyone = ReplySettings(dailyLimitPerSender: .max, noReplySenders: [])
        switch check(message, ourAddresses: [], repliesSentToday: 0, settings: anyone) {
        case .autoSubmitted?, .precedence?, .autoReplyHeader?, .mailingList?, .deliveryReport?, .emptyReturnPath?: return true
        default: return false
        }
    }

    static func token(_ value: String) -> String {
        value.split(whereSeparator: { $0 == ";" || $0 == "(" }).first.map { String($0).trimmingWhitespace.lowercased() } ?? ""
    }

    static func bounded(_ value: String) -> String { HeaderText.bounded(HeaderText.singleLine(value), characters: 200) }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    var trimmingAngleBrackets: String {
        var s = Substring(self)
        if s.hasPrefix("<") { s = s.dropFirst() }
        if s.hasSuffix(">") { s = s.dropLast() }
        return String(s)
    }
}
