package import Credentials

/// Where and how to reach one IMAP mailbox.
///
/// The credential is never part of `description` or a mirror: printing an endpoint is safe.
package struct IMAPEndpoint: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// How the connection is protected.
    package enum Security: Sendable, Equatable {
        /// TLS from the first byte (IMAPS, port 993).
        case imaps
        /// Plain connection upgraded with STARTTLS (port 143); TLS is required.
        case startTLS
        /// No TLS at all. Only when the caller explicitly allows plaintext.
        case plaintext
    }

    /// How to log in: a password or an OAuth 2.0 token, as SMTP submission's (module Credentials).
    package typealias Credential = Secret

    package var host: String
    package var port: Int
    package var security: Security
    /// The mailbox polled, `INBOX` by default. Hierarchy levels are separated by `/`.
    package var mailbox: String
    package var user: String
    package var credential: Credential
    /// A PEM file with the CA (or self-signed certificate) to trust instead of the system's.
    package var caFile: String?
    /// Seconds to wait for the server before giving up (connect, and each wait for an answer).
    package var timeout: Double
    /// What the server may make a session hold, and for how long (per command).
    package var limits = IMAPLimits()

    package init(
        host: String,
        port: Int? = nil,
        security: Security = .imaps,
        mailbox: String = "INBOX",
        user: String,
        credential: Credential,
        caFile: String? = nil,
        timeout: Double = 60
    ) {
        self.host = host
        self.port = port ?? (security == .imaps ? 993 : 143)
        self.security = security
        self.mailbox = mailbox
        self.user = user
        self.credential = credential
        self.caFile = caFile
        self.timeout = timeout
    }

    /// Parses `imaps://[user@]host[:port][/MAILBOX]` and `imap://…`.
    ///
    /// `imap://` means STARTTLS (TLS required); pass `allowPlaintext: true` to get `.plaintext`
    /// instead, which never sends STARTTLS. The mailbox is percent-decoded; it defaults to INBOX.
    package init?(
        url: String,
        user: String? = nil,
        credential: Credential = .password(""),
        caFile: String? = nil,
        allowPlaintext: Bool = false,
        timeout: Double = 60
    ) {
        let security: Security
        var rest: Substring
        if url.lowercased().hasPrefix("imaps://") {
            security = .imaps
            rest = url.dropFirst("imaps://".count)
        } else if url.lowercased().hasPrefix("imap://") {
            security = allowPlaintext ? .plaintext : .startTLS
            rest = url.dropFirst("imap://".count)
        } else {
            return nil
        }
        var authority = rest
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        }
        var urlUser: String?
        if let at = authority.lastIndex(of: "@") {
            // "user:password@": the password is never kept, so never shown as part of the user.
            let userinfo = authority[..<at]
            urlUser = Self.percentDecoded(userinfo.firstIndex(of: ":").map { userinfo[..<$0] } ?? userinfo)
            authority = authority[authority.index(after: at)...]
        }
        var host = authority
        var port: Int?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let p = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = p
        }
        if let p = port, !(1...65535).contains(p) { return nil }
        guard !host.isEmpty else { return nil }
        if let q = path.firstIndex(where: { $0 == "?" || $0 == ";" }) { path = path[..<q] }
        while path.hasSuffix("/") { path = path.dropLast() }
        guard let mailbox = path.isEmpty ? "INBOX" : Self.percentDecoded(path) else { return nil }
        guard let name = user ?? urlUser else { return nil }
        self.init(
            host: String(host), port: port, security: security, mailbox: mailbox, user: name,
            credential: credential, caFile: caFile, timeout: timeout)
    }

    /// Whether an IMAP URL's user part holds a password ("imaps://user:secret@host/").
    package static func holdsPassword(_ url: String) -> Bool {
        guard let userinfo = userinfo(of: url) else { return false }
        return userinfo.contains(":")
    }

    /// The URL with any password in its user part written as "***", for messages.
    package static func redacted(_ url: String) -> String {
        guard let userinfo = userinfo(of: url), let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[userinfo.endIndex...])
    }

    /// The user part of `scheme://userinfo@host/…`, as a slice of `url`.
    private static func userinfo(of url: String) -> Substring? {
        var i = url.startIndex
        var rest: Substring? = nil
        while i < url.endIndex {
            if url[i...].hasPrefix("://") { rest = url[url.index(i, offsetBy: 3)...]; break }
            i = url.index(after: i)
        }
        guard let rest else { return nil }
        let authority = rest.firstIndex(of: "/").map { rest[..<$0] } ?? rest
        guard let at = authority.lastIndex(of: "@") else { return nil }
        return authority[..<at]
    }

    /// `host:port`, for messages.
    package var server: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    package var description: String {
        let scheme = security == .imaps ? "imaps" : "imap"
        let plain = security == .plaintext ? " (plaintext)" : ""
        return "\(scheme)://\(user)@\(server)/\(mailbox)\(plain)"
    }

    package var customMirror: Mirror {
        Mirror(self, children: ["endpoint": description, "credential": credential.description])
    }

    static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let b = utf8.popFirst() {
            if b == UInt8(ascii: "%") {
                guard utf8.count >= 2,
                      let hi = hexValue(utf8[utf8.startIndex]),
                      let lo = hexValue(utf8[utf8.startIndex + 1]) else { return nil }
                bytes.append(hi << 4 | lo)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
