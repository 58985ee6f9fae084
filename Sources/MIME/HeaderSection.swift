/// The header fields of a message or part, in the order written.
public struct HeaderSection: Sendable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) { self.fields = fields }

    /// The decoded value of the first field named `name` (case-insensitive).
    public func first(_ name: String) -> String? {
        fields.first { asciiCaseInsensitiveEqual($0.name, name) }?.value
    }

    /// The decoded values of every field named `name` (case-insensitive), in order.
    public func all(_ name: String) -> [String] {
        fields.filter { asciiCaseInsensitiveEqual($0.name, name) }.map(\.value)
    }
}

/// One header field.
public struct HeaderField: Sendable {
    /// As written.
    public var name: String
    /// Unfolded, RFC 2047 words decoded, leading/trailing space trimmed.
    public var value: String
    /// As on the wire (folded).
    public var rawValue: [UInt8]

    public init(name: String, value: String, rawValue: [UInt8]) {
        self.name = name
        self.value = value
        self.rawValue = rawValue
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
