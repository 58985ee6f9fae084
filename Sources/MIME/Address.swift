/// One mailbox from an address header: `"Jane Doe" <jane@example.com>`.
package struct Address: Sendable, Hashable {
    /// Display name, decoded; nil when absent.
    package var name: String?
    /// addr-spec as written ("Parker@XYZ.edu").
    package var address: String

    package init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// Lowercased part after the last "@"; nil when there is none.
    package var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let d = address[address.index(after: at)...]
        return d.isEmpty ? nil : d.lowercased()
    }
}
