/// One mailbox from an address header: `"Jane Doe" <jane@example.com>`.
public struct Address: Sendable, Hashable {
    /// Display name, decoded; nil when absent.
    public var name: String?
    /// addr-spec as written ("Parker@XYZ.edu").
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// Lowercased part after the last "@"; nil when there is none.
    public var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let d = address[address.index(after: at)...]
        return d.isEmpty ? nil : d.lowercased()
    }
}
