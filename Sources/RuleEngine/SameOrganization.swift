extension RuleSet {
    /// Whether two senders speak for the same organization, for a follow-up joining a case: the same
    /// `OrganizationDomain` (the one definition of "same organization"), except that on a free-mail
    /// domain (the rule set's `free-mail` list, less `free-mail-allow`) everyone is their own
    /// organization, so only the same address counts.
    package func isSameOrganization(_ a: String, _ b: String) -> Bool {
        guard let first = OrganizationDomain(address: a), let second = OrganizationDomain(address: b), first == second else { return false }
        if isFreeMail(a) || isFreeMail(b) { return Self.sameAddress(a, b) }
        return true
    }

    /// The address's domain is on the free-mail list and not on its allow list.
    func isFreeMail(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        let domain = address[address.index(after: at)...]
        guard lists[Self.freeMailList]?.match(String(domain)) != nil else { return false }
        return lists[Self.freeMailAllowList]?.match(String(domain)) == nil
    }

    /// The lists `Rules/rules.yaml` names free-mail by.
    static let freeMailList = "free-mail"
    static let freeMailAllowList = "free-mail-allow"

    /// Mail addresses compared as people write them: the domain without regard to case; the local part
    /// too (every free-mail provider treats it so).
    static func sameAddress(_ a: String, _ b: String) -> Bool {
        a.lowercased() == b.lowercased()
    }
}
