/// A closed-for-now set of named values that may grow: a struct over its name, read and written
/// as that name, so adding one breaks no caller and no stored record.
package protocol NamedValue: Sendable, Hashable, Codable, CustomStringConvertible {
    var name: String { get }
    static var all: [Self] { get }
}

extension NamedValue {
    package init?(named name: String) {
        guard let value = Self.all.first(where: { $0.name == name }) else { return nil }
        self = value
    }

    package var description: String { name }

    package init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(named: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                   debugDescription: "unknown \(Self.self) \(name); known: \(Self.all.map(\.name).joined(separator: ", "))"))
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}

/// How much a finding weighs.
package struct Severity: NamedValue {
    package let name: String
    /// Higher is more severe; the verdict follows the most severe finding.
    package let rank: Int

    package static let info = Severity(name: "info", rank: 0)
    package static let review = Severity(name: "review", rank: 1)
    package static let reject = Severity(name: "reject", rank: 2)
    package static let all: [Severity] = [.info, .review, .reject]

    private init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }
}

/// The decision on a request: where its case is filed.
package struct Verdict: NamedValue {
    package let name: String

    package static let accept = Verdict(name: "accept")
    package static let review = Verdict(name: "review")
    package static let reject = Verdict(name: "reject")
    package static let all: [Verdict] = [.accept, .review, .reject]

    private init(name: String) { self.name = name }

    /// The most severe finding decides: reject > review > info; accept when nothing blocks.
    package init(findings: [Finding]) {
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
