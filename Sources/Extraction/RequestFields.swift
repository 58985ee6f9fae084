/// What a license-exception request says, field by field. `nil` is "the request does not say".
public struct RequestFields: Sendable, Equatable, Codable {
    public var requesterName: String?
    public var requesterTitle: String?
    public var organization: String?
    /// The unit of the organization the requester speaks for ("IT Services", "Departamento de Sistemas").
    public var department: String?
    public var organizationKind: OrganizationKind?
    public var product: String?
    public var domainAccounts: Int?
    public var licensedUsers: Int?
    public var requestedUsers: Int?
    public var reason: String?
    public var commitments: Commitments
    public var maintenance: Maintenance?

    public init(
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
    public func encode(to encoder: any Encoder) throws {
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
public struct Commitments: Sendable, Equatable, Codable {
    public var activeBelowLimit: Bool?
    public var notifyIfExceeded: Bool?
    public var allowVerification: Bool?

    public init(activeBelowLimit: Bool? = nil, notifyIfExceeded: Bool? = nil, allowVerification: Bool? = nil) {
        self.activeBelowLimit = activeBelowLimit
        self.notifyIfExceeded = notifyIfExceeded
        self.allowVerification = allowVerification
    }

    enum CodingKeys: String, CodingKey { case activeBelowLimit, notifyIfExceeded, allowVerification }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(activeBelowLimit, forKey: .activeBelowLimit)
        try c.encode(notifyIfExceeded, forKey: .notifyIfExceeded)
        try c.encode(allowVerification, forKey: .allowVerification)
    }
}

/// A set that may grow (a new kind must break no caller), hence a struct over its raw value.
public struct OrganizationKind: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let education = OrganizationKind(rawValue: "education")
    public static let business = OrganizationKind(rawValue: "business")
    public static let government = OrganizationKind(rawValue: "government")
    public static let health = OrganizationKind(rawValue: "health")
    public static let nonProfit = OrganizationKind(rawValue: "non-profit")
    public var description: String { rawValue }
}

/// The maintenance plan the customer holds; the policy requires one of them.
public struct Maintenance: Sendable, Hashable, Codable, RawRepresentable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let premiumUpgradeAssurance = Maintenance(rawValue: "premium-upgrade-assurance")
    public static let implementationPack = Maintenance(rawValue: "implementation-pack")
    public var description: String { rawValue }
}

extension RequestFields {
    /// Field names as they appear in JSON and in rule files, with a way to read each as text.
    public static let fieldNames: [String] = [
        "requesterName", "requesterTitle", "organization", "department", "organizationKind", "product",
        "domainAccounts", "licensedUsers", "requestedUsers", "reason",
        "commitments.activeBelowLimit", "commitments.notifyIfExceeded", "commitments.allowVerification",
        "maintenance",
    ]

    /// The value of a field by its rule-file name, as a `FieldValue`; `nil` when unknown or not a field.
    public func value(of name: String) -> FieldValue? {
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
public enum FieldValue: Sendable, Equatable, CustomStringConvertible {
    case text(String)
    case number(Int)
    case flag(Bool)

    public var description: String {
        switch self {
        case .text(let s): return s
        case .number(let n): return String(n)
        case .flag(let b): return b ? "true" : "false"
        }
    }
}

extension RequestFields {
    public static func isFieldName(_ name: String) -> Bool { fieldNames.contains(name) }
    public static func isNumberField(_ name: String) -> Bool {
        ["domainAccounts", "licensedUsers", "requestedUsers"].contains(name)
    }
}
