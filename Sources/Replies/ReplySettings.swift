import Foundation
package import RuleEngine
import Yams

/// The loop guard's data, beside the templates: `Rules/replies/settings.yaml` (the daily limit per
/// sender) and `Rules/replies/no-reply-senders.txt` (the local parts robots write from).
package struct ReplySettings: Sendable, Equatable {
    /// Replies one sender gets per day at most (RFC 3834 asks for few).
    package var dailyLimitPerSender: Int
    /// Lower-case fragments of a local part that mark a robot: "noreply", "mailer-daemon", "bounce" …
    package var noReplySenders: [String]
    /// Rule ids whose finding means no automatic reply (`no-reply-when`): a sender that failed
    /// authentication may be forged, and a reply would reach someone who never wrote.
    package var noReplyWhen: [String]

    package static let defaultDailyLimit = 3

    package init(dailyLimitPerSender: Int = defaultDailyLimit, noReplySenders: [String], noReplyWhen: [String] = []) {
        self.dailyLimitPerSender = dailyLimitPerSender
        self.noReplySenders = noReplySenders
        self.noReplyWhen = noReplyWhen
    }

    package static func load(directory: String) throws(ReplyError) -> ReplySettings {
        let (settings, problems) = lint(directory: directory)
        guard let settings, problems.isEmpty else { throw .invalidReplyRules(directory: directory, problems: problems) }
        return settings
    }

    /// The settings, or every problem with file:line and a fix.
    package static func lint(directory: String) -> (ReplySettings?, [RuleProblem]) {
        var problems: [RuleProblem] = []
        var limit = defaultDailyLimit
        var noReplyWhen: [String] = []
        let settingsPath = directory + "/settings.yaml"
        if let data = FileManager.default.contents(atPath: settingsPath) {
            do {
                let loaded = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
                if let top = loaded as? [String: Any] {
                    for key in top.keys.sorted() where !["daily-limit-per-sender", "no-reply-when"].contains(key) {
                        problems.append(RuleProblem(file: settingsPath, line: line(of: key, in: data), problem: "unknown key \(key)",
                                                    fix: "the keys are daily-limit-per-sender and no-reply-when"))
                    }
                    if let value = top["no-reply-when"] {
                        if let ids = value as? [String] { noReplyWhen = ids } else {
                            problems.append(RuleProblem(file: settingsPath, line: line(of: "no-reply-when", in: data),
                                                        problem: "no-reply-when must be a list of rule ids",
                                                        fix: "write e.g. no-reply-when: [sender-not-authenticated]"))
                        }
                    }
                    if let value = top["daily-limit-per-sender"] {
                        if let n = value as? Int, n >= 0 { limit = n } else {
                            problems.append(RuleProblem(file: settingsPath, line: line(of: "daily-limit-per-sender", in: data),
                                                        problem: "daily-limit-per-sender must be a whole number, 0 or more",
                                                        fix: "write e.g. daily-limit-per-sender: 3"))
                        }
                    }
                } else if loaded != nil {
                    problems.append(RuleProblem(file: settingsPath, line: 1, problem: "must be a mapping of settings",
                                                fix: "write daily-limit-per-sender: 3"))
                }
            } catch {
                problems.append(RuleProblem(file: settingsPath, line: nil, problem: "is not valid YAML: \(error)"))
            }
        }
        let sendersPath = directory + "/no-reply-senders.txt"
        var senders: [String] = []
        if let data = FileManager.default.contents(atPath: sendersPath) {
            for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                    .trimmingCharacters(in: .whitespaces).lowercased()
                if !entry.isEmpty { senders.append(entry) }
            }
        } else {
            problems.append(RuleProblem(file: sendersPath, line: nil, problem: "is missing: without it robots' mail would be answered",
                                        fix: "list noreply, no-reply, donotreply, mailer-daemon, postmaster, bounce, one a line"))
        }
        return (problems.isEmpty ? ReplySettings(dailyLimitPerSender: limit, noReplySenders: senders, noReplyWhen: noReplyWhen) : nil, problems)
    }

    private static func line(of key: String, in data: Data) -> Int? {
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix(key) }.map { $0 + 1 }
    }
}
