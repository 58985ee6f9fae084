/// One Authentication-Results header (RFC 8601): who added it and what each method concluded.
///   authres-header = authserv-id [ CFWS authres-version ] ( no-result / 1*resinfo )
///   resinfo = ";" methodspec [ reasonspec ] *propspec ;  methodspec = method "=" result
package struct AuthenticationResults: Sendable, Equatable {
    package var authservID: String
    /// Method name → result, lower-cased ("spf" → "fail"); the first result of each method wins.
    package var results: [String: String]

    package init?(header value: String) {
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        let id = first.split(whereSeparator: { $0.isWhitespace }).first
        guard let id, !id.isEmpty else { return nil }
        authservID = id.lowercased()
        results = [:]
        for part in parts.dropFirst() {
            let words = part.split(whereSeparator: { $0.isWhitespace })
            guard let methodspec = words.first, let eq = methodspec.firstIndex(of: "=") else { continue }
            var method = methodspec[..<eq].lowercased()
            if let slash = method.firstIndex(of: "/") { method = String(method[..<slash]) }
            let result = methodspec[methodspec.index(after: eq)...].lowercased()
            if results[method] == nil { results[method] = result }
        }
    }

    /// dmarc=fail, or spf=fail without a dkim=pass.
    package var failsAuthentication: Bool {
        if results["dmarc"] == "fail" { return true }
        if results["spf"] == "fail", results["dkim"] != "pass" { return true }
        return false
    }
}
