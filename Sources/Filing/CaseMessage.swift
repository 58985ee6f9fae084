/// One message of a case: the one that opened it, or a follow-up that joined it.
package struct CaseMessage: Sendable, Equatable {
    package enum Role: String, Sendable {
        case original
        case followUp = "follow-up"
    }

    package var sha256: String
    package var role: Role
    /// Its file in the case folder: `message.eml` for the original, `follow-up-<sha256 prefix>.eml` after.
    package var file: String
    package var messageID: String?
    package var from: String?
    package var subject: String?
    package var source: String
    package var sourceID: String
    package var receivedAt: String?
    package var addedAt: String
    /// The person's decision a follow-up came after, as the finding names it; nil otherwise.
    package var afterDecision: String?

    package static let originalFile = "message.eml"

    /// The file a follow-up is kept under in its case folder: named by its bytes, so writing it again
    /// after an interrupted join gives the same file.
    package static func followUpFile(sha256: String) -> String { "follow-up-\(sha256.prefix(16)).eml" }

    /// Whether a name is one `followUpFile` writes (the archive is never read through another name).
    static func isFollowUpFile(_ name: String) -> Bool {
        name.hasPrefix("follow-up-") && name.hasSuffix(".eml") && name.count == "follow-up-".count + 16 + 4
            && name.dropFirst("follow-up-".count).prefix(16).allSatisfy(\.isHexDigit)
    }

    static let insertSQL = """
        INSERT INTO case_message (message_sha256, case_id, role, file, sender, subject, added_at, after_decision)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The key request.json lists a case's follow-ups under (absent while it has none).
    static let followUpsKey = "followUps"
}
