import CCurl
import Glibc

/// libcurl's part: connect, negotiate TLS, log in, then hand over the socket (CURLOPT_CONNECT_ONLY).
///
/// Or, for a password over implicit TLS (or no TLS), connect and negotiate TLS only, and leave the
/// login to `IMAPSession` (see `logsInItself`): libcurl's IMAP login always asks CAPABILITY first,
/// though the greeting carries it, so its login costs two round trips where one does.
///
/// Every pointer libcurl holds (error buffer, transcript) lives as long as the handle.
final class CurlLogin {
    let handle: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    let transcript = ServerTranscript()
    /// The connection's SSL_CTX (as an address) once libcurl has made it; 0 without OpenSSL.
    var sslContext: UInt = 0
    /// True once OpenSSL reads ahead on the logged-in connection (see TLSReadAhead).
    private(set) var readsAhead = false

    /// libcurl's global state, initialised once per process before the first handle.
    private static let globalInit: CURLcode = curl_global_init(ccurl_global_default)

    init(_ endpoint: IMAPEndpoint) throws(IMAPError) {
        let rc = Self.globalInit
        guard rc == CURLE_OK else {
            throw .curl(function: "curl_global_init", code: Int(rc.rawValue), message: String(cString: curl_easy_strerror(rc)))
        }
        guard let handle = curl_easy_init() else {
            throw .curl(function: "curl_easy_init", code: -1, message: "libcurl could not make a handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if sslContext != 0 { TLSReadAhead.take(sslContext) }
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// The last libcurl error: curl_easy_strerror, plus the error buffer when it says more.
    func message(_ rc: CURLcode) -> String {
        let general = String(cString: curl_easy_strerror(rc))
        let specific = String(cString: errorBuffer)
        errorBuffer[0] = 0
        if specific.isEmpty || specific == general { return general }
        return "\(general) (\(specific))"
    }

    private func set(_ option: CURLoption, _ value: Int) throws(IMAPError) {
        let rc = ccurl_setopt_long(handle, option, value)
        guard rc == CURLE_OK else { throw .curl(function: "curl_easy_setopt", code: Int(rc.rawValue), message: message(rc)) }
    }

    private func set(_ option: CURLoption, _ value: String) throws(IMAPError) {
        // libcurl copies string options (since 7.17.0); the C string only has to live for the call.
        let rc = value.withCString { ccurl_setopt_string(handle, option, $0) }
        guard rc == CURLE_OK else { throw .curl(function: "curl_easy_setopt", code: Int(rc.rawValue), message: message(rc)) }
    }

    /// Whether IMAPSession logs in itself on a connection libcurl only opens: a password (LOGIN takes
    /// it as a quoted string; printable ASCII only, as anything else would need a literal), and TLS
    /// from the first byte or none. STARTTLS and a bearer token (SASL XOAUTH2) stay libcurl's.
    static func logsInItself(_ endpoint: IMAPEndpoint) -> Bool {
        guard endpoint.security != .startTLS, case .password(let password) = endpoint.credential else { return false }
        let printable = { (text: String) in text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
        return printable(endpoint.user) && printable(password)
    }

    /// The proxy libcurl takes from the environment for an imap:// or imaps:// URL ("" for none):
    /// the http:// or https:// URL of a connection we log in on ourselves must not take
    /// http_proxy or https_proxy instead. no_proxy still applies (libcurl reads it either way).
    static func environmentProxy(_ scheme: String, environment: (String) -> String? = { getenv($0).map { String(cString: $0) } }) -> String {
        for name in ["\(scheme)_proxy", "\(scheme.uppercased())_PROXY", "all_proxy", "ALL_PROXY"] {
            if let value = environment(name), !value.isEmpty { return value }
        }
        return ""
    }

    /// Connects, negotiates TLS and, when `loggingIn`, logs in; returns the socket libcurl leaves
    /// open for our own commands.
    func connect(_ endpoint: IMAPEndpoint, loggingIn: Bool) throws(IMAPError) -> Int32 {
        let server = endpoint.server
        guard !endpoint.host.isEmpty, !endpoint.user.isEmpty else {
            throw .invalidEndpoint(reason: "host and user must not be empty")
        }
        // A line break would end the login command where the server reads the next one, in
        // libcurl's login as in ours; no server takes one in a name or password.
        var secret = ""
        if case .password(let password) = endpoint.credential { secret = password }
        let breaksLines = { (text: String) in text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 } }
        guard !breaksLines(endpoint.user), !breaksLines(secret) else {
            throw .invalidEndpoint(reason: "the user name or password holds a line break or a NUL byte — check the password file")
        }
        let scheme = endpoint.security == .imaps ? "imaps" : "imap"
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        if loggingIn {
            try set(CURLOPT_URL, "\(scheme)://\(host):\(endpoint.port)/")
            try set(CURLOPT_PROTOCOLS_STR, "imap,imaps")
        } else {
            // CONNECT_ONLY on an http(s):// URL connects and negotiates TLS, and sends nothing.
            // No ALPN: the server is told nothing of HTTP.
            let carrier = endpoint.security == .imaps ? "https" : "http"
            try set(CURLOPT_URL, "\(carrier)://\(host):\(endpoint.port)/")
            try set(CURLOPT_PROTOCOLS_STR, carrier)
            try set(CURLOPT_SSL_ENABLE_ALPN, 0)
            try set(CURLOPT_PROXY, Self.environmentProxy(scheme))
        }
        try set(CURLOPT_CONNECT_ONLY, 1)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(endpoint.timeout * 1000)))
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        // TLS 1.3 suites in the order Firefox and Chrome offer them: AES-128-GCM first. A backlog is
        // hundreds of megabytes to decrypt here and encrypt on the server; OpenSSL's own order puts
        // AES-256-GCM first, which costs both ends more rounds per block. Best effort: a libcurl
        // built on another TLS library may not take the option.
        _ = ccurl_setopt_string(handle, CURLOPT_TLS13_CIPHERS, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384")
        switch endpoint.security {
        case .imaps: break
        case .startTLS: try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .plaintext: try set(CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = endpoint.caFile { try set(CURLOPT_CAINFO, caFile) }
        var rc = CURLE_OK
        if loggingIn {
            let secret = endpoint.credential
            rc = ccurl_setopt_login(handle, endpoint.user, secret.password, secret.bearerToken)
            guard rc == CURLE_OK else { throw .curl(function: "curl_easy_setopt", code: Int(rc.rawValue), message: message(rc)) }
        }
        rc = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        guard rc == CURLE_OK else { throw .curl(function: "curl_easy_setopt", code: Int(rc.rawValue), message: message(rc)) }
        // The server's side of the login, kept to quote it when the login fails. Only what the
        // server sends is kept (CURLINFO_HEADER_IN): what we send holds the password. `transcript`
        // lives as long as the handle.
        _ = ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, Unmanaged.passUnretained(transcript).toOpaque())
        _ = ccurl_setopt_debug_callback(handle) { _, type, data, size, context in
            guard type == CURLINFO_HEADER_IN, let data, let context else { return 0 }
            let transcript = Unmanaged<ServerTranscript>.fromOpaque(context).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: size) {
                transcript.append(UnsafeBufferPointer(start: $0, count: size))
            }
            return 0
        }
        try set(CURLOPT_VERBOSE, 1)
        if endpoint.security != .plaintext { TLSReadAhead.prepare(handle, context: self) }

        rc = curl_easy_perform(handle)
        let failure = rc == CURLE_OK ? "" : message(rc)
        try? set(CURLOPT_VERBOSE, 0)
        guard rc == CURLE_OK else {
            throw classify(rc, failure, endpoint: endpoint)
        }
        var socket: curl_socket_t = -1
        rc = ccurl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket)
        guard rc == CURLE_OK, socket >= 0 else {
            throw .connectionLost(server: server, during: "login", detail: "libcurl kept no open connection")
        }
        if sslContext != 0 { readsAhead = TLSReadAhead.enable(sslContext: sslContext) }
        return socket
    }

    private func classify(_ rc: CURLcode, _ detail: String, endpoint: IMAPEndpoint) -> IMAPError {
        let server = endpoint.server
        switch rc {
        case CURLE_LOGIN_DENIED, CURLE_REMOTE_ACCESS_DENIED:
            var bearer = false
            if case .bearerToken = endpoint.credential { bearer = true }
            let says = transcript.refusal
            if says == nil, bearer, let offered = transcript.authenticationMechanisms, !offered.contains("XOAUTH2") {
                // libcurl gives up before asking when the mechanism is not offered.
                return .mechanismUnavailable(server: server, mechanism: "XOAUTH2", offered: offered.sorted())
            }
            return .loginFailed(user: endpoint.user, server: server, serverSays: says, usedToken: bearer)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .tlsFailed(server: server, detail: detail)
        case CURLE_USE_SSL_FAILED:
            return .tlsRequired(server: server)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return .cannotConnect(server: server, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(server: server, during: "connect and login", seconds: endpoint.timeout)
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY:
            return .connectionLost(server: server, during: "connect and login", detail: detail)
        default:
            return .curl(function: "curl_easy_perform", code: Int(rc.rawValue), message: detail)
        }
    }
}

/// What the server said during libcurl's login, line by line (last lines only, bounded).
final class ServerTranscript {
    private(set) var lines: [String] = []
    private var partial: [UInt8] = []

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        for b in bytes {
            if b == UInt8(ascii: "\n") {
                if partial.last == UInt8(ascii: "\r") { partial.removeLast() }
                lines.append(String(decoding: partial, as: UTF8.self))
                if lines.count > 32 { lines.removeFirst(lines.count - 32) }
                partial.removeAll(keepingCapacity: true)
            } else if partial.count < 4096 {
                partial.append(b)
            }
        }
    }

    /// The server's last tagged NO or BAD, without the tag: "[AUTHENTICATIONFAILED] Authentication failed."
    var refusal: String? {
        for line in lines.reversed() {
            let words = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard words.count >= 2, words[0] != "*", words[0] != "+" else { continue }
            let status = words[1].uppercased()
            if status == "NO" || status == "BAD" {
                return words.count == 3 ? String(words[2]) : status
            }
        }
        return nil
    }

    /// The SASL mechanisms (AUTH=…) of the last capability list the server sent; nil if none.
    var authenticationMechanisms: Set<String>? {
        for line in lines.reversed() {
            let words = line.split(separator: " ")
            guard let at = words.firstIndex(where: { $0.uppercased() == "CAPABILITY" || $0.uppercased() == "[CAPABILITY" }) else {
                continue
            }
            var mechanisms: Set<String> = []
            for word in words[(at + 1)...] {
                let upper = word.uppercased()
                if upper.hasPrefix("AUTH=") { mechanisms.insert(String(upper.dropFirst(5).prefix { $0 != "]" })) }
                if word.contains("]") { break }
            }
            return mechanisms
        }
        return nil
    }

    /// Capabilities the server announced with its answer to the login: `* CAPABILITY …` just
    /// before the tagged OK, or `OK [CAPABILITY …]`; nil when it announced none.
    var capabilitiesAfterLogin: Set<String>? {
        guard let last = lines.lastIndex(where: { !$0.hasPrefix("*") && !$0.hasPrefix("+") }) else { return nil }
        let words = lines[last].split(separator: " ")
        if let start = words.firstIndex(where: { $0.uppercased() == "[CAPABILITY" }) {
            var capabilities: Set<String> = []
            for word in words[(start + 1)...] {
                capabilities.insert(String(word.prefix { $0 != "]" }).uppercased())
                if word.contains("]") { break }
            }
            return capabilities
        }
        var index = last - 1
        while index >= 0, lines[index].hasPrefix("*") || lines[index].hasPrefix("+") {
            let words = lines[index].split(separator: " ")
            if words.count > 1, words[1].uppercased() == "CAPABILITY" {
                return Set(words.dropFirst(2).map { $0.uppercased() })
            }
            index -= 1
        }
        return nil
    }
}
