package import Foundation
package import RuleEngine

/// Composes a case's reply: the text from the admin's template in the requester's language, and the
/// whole message around it — multipart/alternative (text/plain and a simple HTML made from the same
/// text), threaded on the original, "Re: … [case id]", `Auto-Submitted: auto-replied`.
package struct ReplyComposer: Sendable {
    package var templates: ReplyTemplates
    package var fieldWords: FieldWords
    package var ruleIDs: [String]

    package init(templates: ReplyTemplates, rules: RuleSet) {
        self.templates = templates
        self.fieldWords = rules.fieldWords
        self.ruleIDs = rules.rules.map(\.id)
    }

    /// Loads the templates of a rules folder (its `replies/`), in the rule set's languages.
    package init(rulesDirectory: String, rules: RuleSet) throws(ReplyError) {
        self.init(templates: try ReplyTemplates.load(directory: rulesDirectory + "/replies", languages: rules.fieldWords.languages),
                  rules: rules)
    }

    /// At most this many ids in References: the thread's first, its latest, and the original's own.
    static let maxReferences = 20

    /// The reply's text as the requester reads it (also the source of its HTML).
    package func text(for reply: ReplyCase, originalSubject: String?) -> String {
        let values = ReplyNames.values(for: reply, originalSubject: originalSubject, fieldWords: fieldWords, ruleIDs: ruleIDs)
        return templates.render(reply.kind, language: reply.language, values: values,
                                known: ReplyNames.topLevel(ruleIDs: ruleIDs)).text
    }

    /// The whole reply. `messageID` is the reply's own, without angle brackets
    /// (`CaseReference.replyMessageID`); `ourAddress` is the configured sender, `ourName` its shown name.
    package func compose(_ reply: ReplyCase, answering original: OriginalMessage, ourAddress: String, ourName: String? = nil,
                         date: Date, messageID: String) throws(ReplyError) -> ComposedReply {
        guard let recipient = original.recipient else { throw .noRecipient }
        guard MailTokens.isPlainAddress(recipient.address) else { throw .recipientUnusable(recipient.address) }
        guard MailTokens.isPlainAddress(ourAddress) else { throw .ourAddressUnusable(ourAddress) }
        guard let ownID = MailTokens.messageID(messageID), !messageID.hasPrefix("<") else { throw .messageIDUnusable(messageID) }

        let subject = ReplySubject.text(original: original.subject, caseID: reply.caseID)
        let text = self.text(for: reply, originalSubject: original.subject)
        let html = ReplyHTML.page(text, language: reply.language)

        let originalID = original.messageID.flatMap(MailTokens.messageID)
        // Read at most 10,000 ids in all, whatever the number and size of References headers sent.
        var references: [String] = []
        for value in original.references where references.count < 10_000 {
            references += MailTokens.messageIDs(in: value, limit: 10_000 - references.count)
        }
        if let originalID, references.last != originalID { references.append(originalID) }
        if references.count > Self.maxReferences {
            references = [references[0]] + references.suffix(Self.maxReferences - 1)
        }

        var header = ""
        header += HeaderText.field("From", tokens: Self.mailbox(ourName, ourAddress))
        header += HeaderText.field("To", tokens: Self.mailbox(recipient.name, recipient.address))
        header += HeaderText.field("Subject", subject)
        header += HeaderText.field("Date", MailTokens.date(date))
        header += HeaderText.field("Message-ID", tokens: [ownID])
        if let originalID { header += HeaderText.field("In-Reply-To", tokens: [originalID]) }
        if !references.isEmpty { header += HeaderText.field("References", tokens: references) }
        header += HeaderText.field("Auto-Submitted", "auto-replied")
        // Exchange and Outlook send no out-of-office or read receipt back to a message that says this.
        header += HeaderText.field("X-Auto-Response-Suppress", "All")
        header += HeaderText.field("Content-Language", reply.language)
        header += HeaderText.field("MIME-Version", "1.0")
        let boundary = "=_intake-alternative"
        header += "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"\r\n"

        var bytes = Array(header.utf8)
        bytes += Array("\r\nThis is a message in two formats: plain text and HTML.\r\n".utf8)
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            bytes += Array("\r\n--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n".utf8)
            bytes += QuotedPrintable.encode(body)
        }
        bytes += Array("\r\n--\(boundary)--\r\n".utf8)
        return ComposedReply(messageID: messageID, recipient: recipient.address, from: ourAddress, subject: subject,
                             language: reply.language, kind: reply.kind, bytes: bytes)
    }

    /// "Gregory Hall <a@b>" when the name is plain words (ASCII letters, digits, spaces, hyphens,
    /// apostrophes), else "=?UTF-8?B?…?= <a@b>" (whatever it holds stays one phrase); the bare address
    /// when there is no name.
    static func mailbox(_ name: String?, _ address: String) -> [String] {
        let name = HeaderText.bounded(HeaderText.singleLine(name ?? ""), characters: 100)
        guard !name.isEmpty else { return [address] }
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || " -'".unicodeScalars.contains($0)) }
            && !name.contains("=?")
        let words = plain ? name.split(separator: " ").map(String.init) : HeaderText.encodedWords(name)
        return words + ["<" + address + ">"]
    }
}
