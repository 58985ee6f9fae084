import CPSL
import Foundation
import Glibc

/// The organization a mail domain belongs to: its registrable domain under the Public Suffix List
/// (`cs.stateuni.edu` and `admin.stateuni.edu` are both `stateuni.edu`; `a.example.co.uk` is
/// `example.co.uk`). The list's private suffixes count as public: `alice.github.io` and
/// `bob.github.io` are two organizations, as the people who run github.io ask. A domain that is
/// itself a public suffix, or that is not a valid host name, is its own organization.
///
/// The one definition of "same organization": Reply-To, duplicates and follow-ups all compare these.
/// Spellings that name one domain give one value: case, a trailing dot, and an IDN label written as
/// Unicode or as Punycode (`bücher.de`, `xn--bcher-kva.de`); the name is kept in Unicode (NFC).
package struct OrganizationDomain: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The registrable domain: lower case, Unicode labels, no trailing dot.
    package let name: String

    /// Nil for an empty domain (an address without one names no organization).
    package init?(domain: some StringProtocol) {
        guard let host = Self.normalize(domain) else { return nil }
        name = Self.valid(host) ? (PublicSuffixList.registrableDomain(host) ?? host) : host
    }

    /// The organization of a mail address (`someone@cs.stateuni.edu`); nil without a domain.
    package init?(address: some StringProtocol) {
        guard let at = address.lastIndex(of: "@") else { return nil }
        self.init(domain: address[address.index(after: at)...])
    }

    package var description: String { name }
    package static func < (a: Self, b: Self) -> Bool { a.name < b.name }

    /// Lower case, no surrounding space or dots, Punycode labels in Unicode, NFC; nil when nothing is left.
    static func normalize(_ domain: some StringProtocol) -> String? {
        var text = Substring(domain)
        while let c = text.first, c.isWhitespace || c == "." || c == "@" { text = text.dropFirst() }
        while let c = text.last, c.isWhitespace || c == "." { text = text.dropLast() }
        guard !text.isEmpty, text.utf8.count <= maxBytes else { return text.isEmpty ? nil : String(text).lowercased() }
        // Most mail domains: plain ASCII and no IDN label, nothing to decode or compose.
        if text.utf8.allSatisfy({ $0 < 0x80 }), !text.lowercased().contains("xn--") { return text.lowercased() }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false).map { label -> String in
            let lower = label.lowercased()
            guard lower.hasPrefix("xn--"), let decoded = Punycode.decode(lower.dropFirst(4).utf8) else { return lower }
            return decoded.lowercased()
        }
        return labels.joined(separator: ".").precomposedStringWithCanonicalMapping
    }

    /// Longer than any host name: not looked up (and libpsl is never handed a hostile length).
    static let maxBytes = 1_024

    /// A host name libpsl can judge: labels not empty, of letters (any script), digits, '-' or '_'.
    /// Anything else (an address literal `[192.0.2.1]`, spaces, a label `a..b`) is its own organization.
    static func valid(_ host: String) -> Bool {
        guard host.utf8.count <= maxBytes else { return false }
        var labelLength = 0
        for scalar in host.unicodeScalars {
            if scalar == "." {
                guard labelLength > 0 else { return false }
                labelLength = 0
                continue
            }
            labelLength += 1
            guard labelLength <= Punycode.maxLabelBytes else { return false }
            if scalar.isASCII {
                guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" else { return false }
            } else {
                guard !scalar.properties.isWhitespace, scalar.properties.generalCategory != .control else { return false }
            }
        }
        return labelLength > 0
    }
}

/// libpsl's list, loaded once: the system's list file when it is newer than the list built into
/// libpsl (Debian's `publicsuffix` package, updated with the system), else the built-in one.
enum PublicSuffixList {
    private struct Context: @unchecked Sendable {
        // libpsl's context is never changed after loading; its lookups are safe from any thread.
        let pointer: OpaquePointer?
    }

    private static let context = Context(pointer: psl_latest(nil))

    /// The registrable domain of a lower-case UTF-8 host name; nil when it is a public suffix itself
    /// (or no list could be loaded).
    static func registrableDomain(_ host: String) -> String? {
        guard let psl = context.pointer else { return nil }
        // libpsl answers with a pointer into the text it was given: read it while that text lives.
        return host.withCString { text in psl_registrable_domain(psl, text).map { String(cString: $0) } }
    }

    /// Which list is in use, and of when: stored beside the organizations a store computed with it,
    /// so they are computed again when the list changes.
    static var version: String {
        guard let psl = context.pointer else { return "none" }
        if psl == psl_builtin() { return "libpsl built-in list of \(utcDate(psl_builtin_file_time()))" }
        var st = stat()
        let file = String(cString: psl_dist_filename())
        let mtime = stat(file, &st) == 0 ? utcDate(st.st_mtim.tv_sec) : "unknown date"
        return "\(file) of \(mtime)"
    }

    /// False only when libpsl has neither a built-in list nor a list file: no organization could be told apart.
    static var isAvailable: Bool { context.pointer != nil }
}

extension OrganizationDomain {
    /// The Public Suffix List in use (`libpsl built-in list of 2023-02-09`, or the system file and its date).
    package static var suffixListVersion: String { PublicSuffixList.version }
    package static var suffixListIsAvailable: Bool { PublicSuffixList.isAvailable }
    /// The system's list file libpsl reads when it is newer than its built-in list.
    package static var suffixListFile: String { String(cString: psl_dist_filename()) }
}

private func utcDate(_ seconds: time_t) -> String {
    var t = seconds
    var parts = tm()
    gmtime_r(&t, &parts)
    return String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                  Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
}
