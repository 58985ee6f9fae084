/// How much a finding weighs. A set that may grow, so a struct over its name.
public struct Severity: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String
    /// Higher is more severe; the verdict follows the most severe finding.
    public let rank: Int

    public static let info = Severity(name: "info", rank: 0)
    public static let review = Severity(name: "review", rank: 1)
    public static let reject = Severity(name: "reject", rank: 2)
    public static let all: [Severity] = [.info, .review, .reject]

    public init?(named name: String) {
        guard let s = Self.all.first(where: { $0.name == name }) else { return nil }
        self = s
    }

    private init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let s = Severity(named: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(name)"))
        }
        self = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// The decision on a request: where its case is filed.
public struct Verdict: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String

    public static let accept = Verdict(name: "accept")
    public static let review = Verdict(name: "review")
    public static let reject = Verdict(name: "reject")
    public static let all: [Verdict] = [.accept, .review, .reject]

    public init?(named name: String) {
        guard let v = Self.all.first(where: { $0.name == name }) else { return nil }
        self = v
    }

    private init(name: String) { self.name = name }

    /// The most severe finding decides: reject > review > info; accept when nothing blocks.
    public init(findings: [Finding]) {
        let worst = findings.map(\.severity.rank).max() ?? Severity.info.rank
        if worst >= Severity.reject.rank {
            self = .reject
        } else if worst >= Severity.review.rank {
            self = .review
        } else {
            self = .accept
        }
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let v = Verdict(named: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown verdict \(name)"))
        }
        self = v
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
