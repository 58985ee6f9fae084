import Filing
import RuleEngine

/// `cases list`'s filters, checked before the store is opened: a word that is not a state, a verdict
/// or a date is a usage error (exit 2) naming what is allowed, never an empty list.
struct CaseFilter {
    var state: CaseState?
    var verdict: Verdict?
    /// An ISO date (YYYY-MM-DD): filed on or after it.
    var since: String?
    /// Lower-cased: a case whose organization name or sender domain contains it.
    var organization: String?

    init(state: String?, verdict: String?, since: String?, organization: String?) throws {
        if let state {
            guard let s = CaseState(named: state) else {
                throw Failure.config("--state \(state) is not a state; use one of \(CaseState.all.map(\.name).joined(separator: ", "))")
            }
            self.state = s
        }
        if let verdict {
            guard let v = Verdict(word: verdict) else {
                throw Failure.config("--verdict \(verdict) is not a verdict; use accepted, rejected or review")
            }
            self.verdict = v
        }
        if let since {
            guard Self.isISODate(since) else { throw Failure.config("--since \(since) is not a date; write it as YYYY-MM-DD (2026-12-01)") }
            self.since = since
        }
        if let organization {
            guard !organization.isEmpty else { throw Failure.config("--org needs some text to look for") }
            self.organization = organization.lowercased()
        }
    }

    var isEmpty: Bool { state == nil && verdict == nil && since == nil && organization == nil }

    func matches(_ r: CaseRecord) -> Bool {
        if let state, r.state != state { return false }
        if let verdict, r.verdict != verdict { return false }
        // Timestamps are ISO 8601 UTC ("2026-12-01T09:30:00Z"): they sort as text, and a date sorts before its day's times.
        if let since, r.createdAt < since { return false }
        if let organization {
            let names = [r.fields.organization, r.senderDomain].compactMap { $0?.lowercased() }
            if !names.contains(where: { $0.contains(organization) }) { return false }
        }
        return true
    }

    /// YYYY-MM-DD with a month 01–12 and a day 01–31.
    static func isISODate(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
