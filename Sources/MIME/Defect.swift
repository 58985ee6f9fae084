/// A repair the parser made to read a message. Bad mail never throws; it yields defects.
package struct Defect: Sendable, Hashable, CustomStringConvertible {
    /// What kind of repair. A struct with static values, so adding a kind breaks no caller.
    package struct Kind: Sendable, Hashable, CustomStringConvertible {
        package let id: String
        package init(id: String) { self.id = id }
        package var description: String { id }

        package static let noHeaderSection = Kind(id: "no-header-section")
        package static let missingHeaderBodySeparator = Kind(id: "missing-header-body-separator")
        package static let invalidHeader = Kind(id: "invalid-header")
        package static let invalidEncodedWord = Kind(id: "invalid-encoded-word")
        package static let invalidAddress = Kind(id: "invalid-address")
        package static let invalidDate = Kind(id: "invalid-date")
        package static let missingBoundaryParameter = Kind(id: "missing-boundary-parameter")
        package static let missingClosingBoundary = Kind(id: "missing-closing-boundary")
        package static let noPartsInMultipart = Kind(id: "no-parts-in-multipart")
        package static let invalidBase64 = Kind(id: "invalid-base64")
        package static let invalidQuotedPrintable = Kind(id: "invalid-quoted-printable")
        package static let invalidUUEncode = Kind(id: "invalid-uuencode")
        package static let unknownTransferEncoding = Kind(id: "unknown-transfer-encoding")
        package static let unknownCharset = Kind(id: "unknown-charset")
        package static let invalidCharsetData = Kind(id: "invalid-charset-data")
        package static let invalidTNEF = Kind(id: "invalid-tnef")
        package static let limitExceeded = Kind(id: "limit-exceeded")
    }

    package var kind: Kind
    /// Human-readable: "unknown charset x-foo, read as windows-1252".
    package var detail: String

    package init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    package init(kind: Kind, detail: String) {
        self.init(kind, detail)
    }

    /// What `parse --json` lists in "defects".
    package var description: String { detail }
}
