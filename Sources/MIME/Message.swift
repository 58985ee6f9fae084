/// A parsed message: what the rest of intake reads.
package struct Message: Sendable {
    /// False when the bytes are not a mail at all (no header field at the start).
    package var hasHeaderSection: Bool
    /// Top-level header fields, in order.
    package var header: HeaderSection
    /// As written, with angle brackets: "<abc@x.example>".
    package var messageID: String?
    /// Unfolded, RFC 2047-decoded.
    package var subject: String?
    /// ISO 8601 UTC "2026-11-24T10:00:00Z"; nil when absent or unparseable (defect).
    package var date: String?
    package var from: [Address]
    package var to: [Address]
    package var cc: [Address]
    package var replyTo: [Address]
    /// Best text body: text/plain, else the HTML converted to readable text.
    package var textBody: String?
    /// Set when `textBody` is a text/plain part sent format=flowed (RFC 3676), as the wire has it.
    package var textBodyFlowed: FlowedText.Format? = nil
    /// The decoded HTML body when there is one, else nil.
    package var htmlBody: String?
    /// As Python email's iter_attachments would list them, message/rfc822 parts included.
    package var attachments: [Attachment]
    /// message/rfc822 and message/global parts, parsed (forwarded mails).
    package var embeddedMessages: [Message]
    package var defects: [Defect]

    package init(
        hasHeaderSection: Bool = true, header: HeaderSection = HeaderSection(), messageID: String? = nil,
        subject: String? = nil, date: String? = nil, from: [Address] = [], to: [Address] = [],
        cc: [Address] = [], replyTo: [Address] = [], textBody: String? = nil, htmlBody: String? = nil,
        attachments: [Attachment] = [], embeddedMessages: [Message] = [], defects: [Defect] = []
    ) {
        self.hasHeaderSection = hasHeaderSection
        self.header = header
        self.messageID = messageID
        self.subject = subject
        self.date = date
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.embeddedMessages = embeddedMessages
        self.defects = defects
    }

    /// `textBody` as its writer wrote it: a flowed body's paragraphs joined, any other as it is.
    package var readableTextBody: String? {
        guard let text = textBody, let flowed = textBodyFlowed else { return textBody }
        return FlowedText.unflowed(text, delSp: flowed.delSp)
    }
}
