/// A repair the parser made to read a message. Bad mail never throws; it yields defects.
public struct Defect: Sendable, Hashable, CustomStringConvertible {
    /// What kind of repair. A struct with static values, so adding a kind breaks no caller.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        public let id: String
        public init(id: String) { self.id = id }
        public var description: String { id }

        public static let noHeaderSection = Kind(id: "no-header-section")
        public static let missingHeaderBodySeparator = Kind(id: "missing-header-body-separator")
        public static let invalidHeader = Kind(id: "invalid-header")
        public static let invalidEncodedWord = Kind(id: "invalid-encoded-word")
        public static let invalidAddress = Kind(id: "invalid-address")
        public static let invalidDate = Kind(id: "invalid-date")
        public static let missingBoundaryParameter = Kind(id: "missing-boundary-parameter")
        public static let missingClosingBoundary = Kind(id: "missing-closing-boundary")
        public static let noPartsInMultipart = Kind(id: "no-parts-in-multipart")
        public static let invalidBase64 = Kind(id: "invalid-base64")
        public static let invalidQuotedPrintable = Kind(id: "invalid-quoted-printable")
        public static let invalidUUEncode = Kind(id: "invalid-uuencode")
        public static let unknownTransferEncoding = Kind(id: "unknown-transfer-encoding")
        public static let unknownCharset = Kind(id: "unknown-charset")
        public static let invalidCharsetData = Kind(id: "invalid-charset-data")
        public static let invalidTNEF = Kind(id: "invalid-tnef")
        public static let limitExceeded = Kind(id: "limit-exceeded")
    }

    public var kind: Kind
    /// Human-readable: "unknown charset x-foo, read as windows-1252".
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public init(kind: Kind, detail: String) {
        self.init(kind, detail)
    }

    /// What `parse --json` lists in "defects".
    public var description: String { detail }
}
