package import Credentials

/// Where and how to submit mail: an SMTP submission server, always over TLS.
///
/// `smtps://host:465` speaks TLS from the first byte; `smtp://host:587` must upgrade with STARTTLS
/// or nothing is sent: there is no plaintext mode. The credential is never part of `description`
/// or a mirror: printing an endpoint is safe.
package struct SMTPEndpoint: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// How the connection is protected.
    package enum Security: Sendable, Equatable {
        /// TLS from the first byte (port 465).
        case smtps
        /// Plain connection upgraded with STARTTLS (port 587); TLS is required.
        case startTLS
    }

    /// How to log in: a password, or an OAuth 2.0 access token sent with SASL XOAUTH2 (read from a
    /// `CredentialSource`, as the IMAP login's).
    package typealias Credential = Secret

    package var host: String
    package var port: Int
    package var security: Security
    package var user: String
    package var credential: Credential
    /// PEM file of the CA to verify the server's certificate with; nil: the system's CAs.
    package var caFile: String?
    /// The name we give in EHLO (a host name of ours; servers log it).
    package var clientName: String
    /// Seconds to reach the server and finish TLS and the login's first step.
    package var connectTimeout: Double
    /// Seconds for the whole submission, from connecting to the server's answer after DATA.
    package var totalTimeout: Double

    package init(
        host: String, port: Int? = nil, security: Security, user: String, credential: Credential,
        caFile: String? = nil, clientName: String = "localhost", connectTimeout: Double = 15, totalTimeout: Double = 60
    ) {
        self.host = host
        self.port = port ?? (security == .smtps ? 465 : 587)
        self.security = security
        self.user = user
        self.credential = credential
        self.caFile = caFile
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }

    /// `smtps://host[:port]` or `smtp://host[:port]` (STARTTLS required); nil for anything else,
    /// a user or path in the URL included: the user and credential are given apart, never in a URL.
    package init?(
        url: String, user: String, credential: Credential, caFile: String? = nil,
        clientName: String = "localhost", connectTimeout: Double = 15, totalTimeout: Double = 60
    ) {
        let security: Security
        var rest: Substring
        let lower = url.lowercased()
        if lower.hasPrefix("smtps://") {
            security = .smtps
            rest = url.dropFirst("smtps://".count)
        } else if lower.hasPrefix("smtp://") {
            security = .startTLS
            rest = url.dropFirst("smtp://".count)
        } else {
            return nil
        }
        while rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.contains("/"), !rest.contains("@"), !rest.contains("?"), !rest.contains("#") else { return nil }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()) else { return nil }
                port = p
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = p
        }
        if let p = port, !(1...65535).contains(p) { return nil }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else { return nil }
        self.init(
            host: String(host), port: port, security: security, user: user, credential: credential,
            caFile: caFile, clientName: clientName, connectTimeout: connectTimeout, totalTimeout: totalTimeout)
    }

    /// `host:port`, for messages.
    package var server: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    package var description: String {
        "\(security == .smtps ? "smtps" : "smtp")://\(user)@\(server)\(security == .startTLS ? " (STARTTLS required)" : "")"
    }

    package var customMirror: Mirror {
        Mirror(self, children: ["endpoint": description, "credential": credential.description])
    }
}
