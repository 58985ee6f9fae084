/// What a license-exception request says, field by field. `nil` is "the request does not say".
/// Its fields are declared once more, with their JSON names and kinds, in `RequestFields.schema`
/// (RequestSchema.swift): JSON, rules and the export are written from there.
package struct RequestFields: Sendable, Equatable {
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
}

/// The three promises the policy asks of the requester.
package struct Commitments: Sendable, Equatable {
    package var activeBelowLimit: Bool?
    package var notifyIfExceeded: Bool?
    package var allowVerification: Bool?

    package init(activeBelowLimit: Bool? = nil, notifyIfExceeded: Bool? = nil, allowVerification: Bool? = nil) {
        self.activeBelowLimit = activeBelowLimit
        self.notifyIfExceeded = notifyIfExceeded
        self.allowVerification = allowVerification
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
