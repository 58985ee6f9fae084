/// A part the message carries besides its body, as Python's `iter_attachments` lists them.
package struct Attachment: Sendable {
    /// Decoded (RFC 2231 / 2047), as the sender wrote it — not sanitised.
    package var filename: String?
    /// Lowercased "type/subtype".
    package var contentType: String
    /// Decoded content.
    package var bytes: [UInt8]
    package var isInline: Bool
    /// The charset parameter of the part, kept to decode `text`.
    package var charset: String?

    package init(filename: String?, contentType: String, bytes: [UInt8], isInline: Bool, charset: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.isInline = isInline
        self.charset = charset
    }


    /// For text/* parts: the bytes decoded via the part's charset; else nil.
    package var text: String? {
        guard contentType.hasPrefix("text/") else { return nil }
        return normalizeLineEnds(Charset.decode(bytes, label: charset).text)
    }
}
