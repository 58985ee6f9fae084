/// A part the message carries besides its body, as Python's `iter_attachments` lists them.
public struct Attachment: Sendable {
    /// Decoded (RFC 2231 / 2047), as the sender wrote it — not sanitised.
    public var filename: String?
    /// Lowercased "type/subtype".
    public var contentType: String
    /// Decoded content.
    public var bytes: [UInt8]
    public var isInline: Bool
    /// The charset parameter of the part, kept to decode `text`.
    public var charset: String?

    public init(filename: String?, contentType: String, bytes: [UInt8], isInline: Bool, charset: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.isInline = isInline
        self.charset = charset
    }


    /// For text/* parts: the bytes decoded via the part's charset; else nil.
    public var text: String? {
        guard contentType.hasPrefix("text/") else { return nil }
        return normalizeLineEnds(Charset.decode(bytes, label: charset).text)
    }
}
