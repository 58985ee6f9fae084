/// The header fields of a message or part, in the order written.
package struct HeaderSection: Sendable {
    package var fields: [HeaderField]

    package init(fields: [HeaderField] = []) { self.fields = fields }

    /// The decoded value of the first field named `name` (case-insensitive).
    package func first(_ name: String) -> String? {
        fields.first { asciiCaseInsensitiveEqual($0.name, name) }?.value
    }

    /// The decoded values of every field named `name` (case-insensitive), in order.
    package func all(_ name: String) -> [String] {
        fields.filter { asciiCaseInsensitiveEqual($0.name, name) }.map(\.value)
    }
}

/// One header field.
package struct HeaderField: Sendable {
    /// As written.
    package var name: String
    /// As on the wire (folded).
    package var rawValue: [UInt8]
    /// Set when the value was given rather than read: then it wins over `rawValue`.
    private var givenValue: String?

    /// Unfolded, RFC 2047 words decoded, leading/trailing space trimmed. Decoded when asked
    /// for: most fields of most messages (Received, DKIM-Signature…) are never read.
    package var value: String {
        get {
            if let givenValue { return givenValue }
            var ignored: [Defect] = []
            return HeaderParser.decodeEncodedWords(HeaderParser.unfold(rawValue[...])[...], defects: &ignored).trimmingSpaces()
        }
        set { givenValue = newValue }
    }

    package init(name: String, value: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
        self.givenValue = value
    }

    /// A field as read from a message: its value is decoded from `rawValue` when asked for.
    init(name: String, rawValue: [UInt8]) {
        self.name = name
        self.rawValue = rawValue
        self.givenValue = nil
    }
}

func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
    var ia = a.utf8.makeIterator()
    var ib = b.utf8.makeIterator()
    while true {
        switch (ia.next(), ib.next()) {
        case (nil, nil): return true
        case let (x?, y?): if asciiLower(x) != asciiLower(y) { return false }
        default: return false
        }
    }
}

@inline(__always) func asciiLower(_ c: UInt8) -> UInt8 {
    (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c
}
