/// What a license-exception request says, field by field. `nil` is "the request does not say".
package struct RequestFields: Sendable, Equatable, Codable {
    package var requesterName: String?
    package var requesterTitle: String?
    package var organization: String?
    /// The unit of the organization the requester speaks for ("IT Services", "Departamento de Sistemas").
    package var department: String?
    package var organizationKind: OrganizationKind?
    package var product: String?
    package var domainAccounts: Int?
    package var licensedUsers: Int?
    package var requestedUsers: Int?
    package var reason: String?
    package var commitments: Commitments
    package var maintenance: Maintenance?

    package init(
        requesterName: String? = nil, requesterTitle: String? = nil, organization: String? = nil,
        department: String? = nil, organizationKind: OrganizationKind? = nil, product: String? = nil, domainAccounts: Int? = nil,
        licensedUsers: Int? = nil, requestedUsers: Int? = nil, reason: String? = nil,
        commitments: Commitments = Commitments(), maintenance: Maintenance? = nil
    ) {
        self.requesterName = requesterName
        self.requesterTitle = requesterTitle
        self.organization = organization
        self.department = department
        self.organizationKind = organizationKind
        self.product = product
        self.domainAccounts = domainAccounts
        self.licensedUsers = licensedUsers
        self.requestedUsers = requestedUsers
        self.reason = reason
        self.commitments = commitments
        self.maintenance = maintenance
    }

    enum CodingKeys: String, CodingKey {
        case requesterName, requesterTitle, organization, department, organizationKind, product
        case domainAccounts, licensedUsers, requestedUsers, reason, commitments, maintenance
    }

    // Unknown values are written as null, never left out: other tools read this shape.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(requesterName, forKey: .requesterName)
        try c.encode(requesterTitle, forKey: .requesterTitle)
        try c.encode(organization, forKey: .organization)
        try c.encode(department, forKey: .department)
        try c.encode(organizationKind, forKey: .organizationKind)
        try c.encode(product, forKey: .product)
        try c.encode(domainAccounts, forKey: .domainAccounts)
        try c.encode(licensedUsers, forKey: .licensedUsers)
        try c.encode(requestedUsers, forKey: .requestedUsers)
        try c.encode(reason, forKey: .reason)
        try c.encode(commitments, forKey: .commitments)
        try c.encode(maintenance, forKey: .maintenance)
    }
}

/// The three promises the policy asks of the requester.
package struct Commitments: Sendable, Equatable, Codable {
    package var activeBelowLimit: Bool?
    package var notifyIfExceeded: Bool?
    package var allowVerification: Bool?

    package init(activeBelowLimit: Bool? = nil, notifyIfExceeded: Bool? = nil, allowVerification: Bool? = nil) {
        self.activeBelowLimit = activeBelowLimit
        self.notifyIfExceeded = notifyIfExceeded
        self.allowVerification = allowVerification
    }

    enum CodingKeys: String, CodingKey { case activeBelowLimit, notifyIfExceeded, allowVerification }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activeBelowLimit, forKey: .activeBelowLimit)
        try c.encode(notifyIfExceeded, forKey: .notifyIfExceeded)
        try c.encode(allowVerification, forKey: .allowVerification)
    }
}

/// A set that may grow (a new kind must break no caller), hence a struct over its raw value.
package struct OrganizationKind: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let education = OrganizationKind(rawValue: "education")
    package static let business = OrganizationKind(rawValue: "business")
    package static let government = OrganizationKind(rawValue: "government")
    package static let health = OrganizationKind(rawValue: "health")
    package static let nonProfit = OrganizationKind(rawValue: "non-profit")
    package var description: String { rawValue }
}

/// The maintenance plan the customer holds; the policy requires one of them.
package struct Maintenance: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    package let rawValue: String
    package init(rawValue: String) { self.rawValue = rawValue }
    package static let premiumUpgradeAssurance = Maintenance(rawValue: "premium-upgrade-assurance")
    package static let implementationPack = Maintenance(rawValue: "implementation-pack")
    package var description: String { rawValue }
}

extension RequestFields {
    /// Field names as they appear in JSON and in rule files, with a way to read each as text.
    package static let fieldNames: [String] = [
        "requesterName", "requesterTitle", "organization", "department", "organizationKind", "product",
        "domainAccounts", "licensedUsers", "requestedUsers", "reason",
        "commitments.activeBelowLimit", "commitments.notifyIfExceeded", "commitments.allowVerification",
        "maintenance",
    ]

    /// The value of a field by its rule-file name, as a `FieldValue`; `nil` when unknown or not a field.
    package func value(of name: String) -> FieldValue? {
        switch name {
        case "requesterName": return requesterName.map(FieldValue.text)
        case "requesterTitle": return requesterTitle.map(FieldValue.text)
        case "organization": return organization.map(FieldValue.text)
        case "department": return department.map(FieldValue.text)
        case "organizationKind": return organizationKind.map { .text($0.rawValue) }
        case "product": return product.map(FieldValue.text)
        case "domainAccounts": return domainAccounts.map(FieldValue.number)
        case "licensedUsers": return licensedUsers.map(FieldValue.number)
        case "requestedUsers": return requestedUsers.map(FieldValue.number)
        case "reason": return reason.map(FieldValue.text)
        case "commitments.activeBelowLimit": return commitments.activeBelowLimit.map(FieldValue.flag)
        case "commitments.notifyIfExceeded": return commitments.notifyIfExceeded.map(FieldValue.flag)
        case "commitments.allowVerification": return commitments.allowVerification.map(FieldValue.flag)
        case "maintenance": return maintenance.map { .text($0.rawValue) }
        default: return nil
        }
    }
}

/// One field's value, typed enough for comparisons in rules and tests.
package enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Int)
    case flag(Bool)

    package var description: String {
        switch self {
        case .text(let s): return s
        case .number(let n): return String(n)
        case .flag(let b): return b ? "true" : "false"
        }
    }
}

extension RequestFields {
    package static func isFieldName(_ name: String) -> Bool { fieldNames.contains(name) }
    package static func isNumberField(_ name: String) -> Bool {
        ["domainAccounts", "licensedUsers", "requestedUsers"].contains(name)
    }
}
