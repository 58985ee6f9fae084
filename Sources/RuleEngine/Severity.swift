/// A closed-for-now set of named values that may grow: a struct over its name, read and written
/// as that name, so adding one breaks no caller and no stored record.
public protocol NamedValue: Sendable, Hashable, Codable, CustomStringConvertible {
    var name: String { get }
    static var all: [Self] { get }
}

extension NamedValue {
    public init?(named name: String) {
        guard let value = Self.all.first(where: { $0.name == name }) else { return nil }
        self = value
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(named: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                   debugDescription: "unknown \(Self.self) \(name); known: \(Self.all.map(\.name).joined(separator: ", "))"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// How much a finding weighs.
public struct Severity: NamedValue {
    public let name: String
    /// Higher is more severe; the verdict follows the most severe finding.
    public let rank: Int

    public static let info = Severity(name: "info", rank: 0)
    public static let review = Severity(name: "review", rank: 1)
    public static let reject = Severity(name: "reject", rank: 2)
    public static let all: [Severity] = [.info, .review, .reject]

    private init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }
}

/// The decision on a request: where its case is filed.
public struct Verdict: NamedValue {
    public let name: String

    public static let accept = Verdict(name: "accept")
    public static let review = Verdict(name: "review")
    public static let reject = Verdict(name: "reject")
    public static let all: [Verdict] = [.accept, .review, .reject]

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
}
