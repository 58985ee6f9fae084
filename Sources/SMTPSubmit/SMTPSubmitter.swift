import CCurl
import Glibc

/// Submits whole messages to one SMTP server with libcurl: TLS always, certificates verified, a
/// login with a password or an OAuth 2.0 token, bounded in time and size.
///
/// One connection per message: replies are few, and nothing is left open between them. The message
/// goes as given (CRLF line ends, complete headers: a submission server may add Message-ID and Date
/// to a message that lacks them); libcurl escapes leading dots. Either every recipient is accepted
/// or nothing is sent.
package struct SMTPSubmitter: Sendable {
    package var endpoint: SMTPEndpoint
    /// The largest message submitted; a larger one is refused before connecting.
    package var maximumMessageBytes: Int

    package init(endpoint: SMTPEndpoint, maximumMessageBytes: Int = 10 << 20) {
        self.endpoint = endpoint
        self.maximumMessageBytes = maximumMessageBytes
    }

    /// libcurl's global state, initialised once per process before the first handle.
    private static let globalInit: CURLcode = curl_global_init(ccurl_global_default)

    /// Submits `message` for `to` with `from` as the envelope sender (empty: the null sender `<>`).
    /// Returns the server's acceptance ("250 2.0.0 Ok: queued as …").
    @discardableResult
    package func submit(_ message: [UInt8], from: String, to: [String]) throws(SMTPError) -> SMTPReply {
        guard !endpoint.host.isEmpty, !endpoint.user.isEmpty else {
            throw .invalidEndpoint(reason: "host and user must not be empty")
        }
        guard message.count <= maximumMessageBytes else {
            throw .messageTooLarge(bytes: message.count, limit: maximumMessageBytes)
        }
        guard !to.isEmpty else { throw .invalidEnvelope(reason: "no recipient") }
        if !from.isEmpty { try Self.checkAddress(from, role: "sender") }
        for address in to { try Self.checkAddress(address, role: "recipient") }
        guard Self.globalInit == CURLE_OK else {
            throw .curl(code: Int(Self.globalInit.rawValue), message: String(cString: curl_easy_strerror(Self.globalInit)))
        }
        let transfer = try Transfer()
        return try transfer.run(endpoint, message: message, from: from, to: to)
    }

    /// An envelope address goes inside `<…>` on a command line: nothing may end the line or the brackets.
    static func checkAddress(_ address: String, role: String) throws(SMTPError) {
        guard !address.isEmpty else { throw .invalidEnvelope(reason: "an empty \(role) address") }
        guard address.utf8.count <= 320 else { throw .invalidEnvelope(reason: "the \(role) address is longer than 320 bytes") }
        let bad = address.unicodeScalars.first { $0.value < 0x21 || $0.value == 0x7F || $0 == "<" || $0 == ">" }
        if let bad {
            throw .invalidEnvelope(reason: "the \(role) address \"\(address.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })\" holds U+\(String(bad.value, radix: 16, uppercase: true)), which SMTP cannot carry")
        }
        guard address.contains("@") else { throw .invalidEnvelope(reason: "the \(role) address \"\(address)\" has no domain") }
    }
}

/// One submission's libcurl handle and everything it points to, alive as long as the handle.
private final class Transfer {
    let handle: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    let transcript = SMTPTranscript()
    var body: [UInt8] = []
    var offset = 0
    var recipients: UnsafeMutablePointer<curl_slist>?

    init() throws(SMTPError) {
        guard let handle = curl_easy_init() else { throw .curl(code: -1, message: "libcurl could not make a handle") }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        if let recipients { curl_slist_free_all(recipients) }
        errorBuffer.deallocate()
    }

    func message(_ rc: CURLcode) -> String {
        let general = String(cString: curl_easy_strerror(rc))
        let specific = String(cString: errorBuffer)
        if specific.isEmpty || specific == general { return general }
        return "\(general) (\(specific))"
    }

    private func set(_ option: CURLoption, _ value: Int) throws(SMTPError) {
        let rc = ccurl_setopt_long(handle, option, value)
        guard rc == CURLE_OK else { throw .curl(code: Int(rc.rawValue), message: message(rc)) }
    }

    private func set(_ option: CURLoption, _ value: String) throws(SMTPError) {
        // libcurl copies string options; the C string only has to live for the call.
        let rc = value.withCString { ccurl_setopt_string(handle, option, $0) }
        guard rc == CURLE_OK else { throw .curl(code: Int(rc.rawValue), message: message(rc)) }
    }

    func run(_ endpoint: SMTPEndpoint, message bytes: [UInt8], from: String, to: [String]) throws(SMTPError) -> SMTPReply {
        body = bytes
        let scheme = endpoint.security == .smtps ? "smtps" : "smtp"
        let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
        // The URL's path is the name libcurl gives in EHLO.
        try set(CURLOPT_URL, "\(scheme)://\(host):\(endpoint.port)/\(endpoint.clientName)")
        try set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(endpoint.connectTimeout * 1000)))
        try set(CURLOPT_TIMEOUT_MS, max(1, Int(endpoint.totalTimeout * 1000)))
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if endpoint.security == .startTLS { try set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue)) }
        if let caFile = endpoint.caFile { try set(CURLOPT_CAINFO, caFile) }
        let secret = endpoint.credential
        let login = ccurl_setopt_login(handle, endpoint.user, secret.password, secret.bearerToken)
        guard login == CURLE_OK else { throw .curl(code: Int(login.rawValue), message: message(login)) }
        try set(CURLOPT_MAIL_FROM, "<\(from)>")
        for address in to { recipients = curl_slist_append(recipients, "<\(address)>") }
        var rc = ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        guard rc == CURLE_OK else { throw .curl(code: Int(rc.rawValue), message: message(rc)) }
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE_LARGE, bytes.count)
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_setopt_pointer(handle, CURLOPT_READDATA, context)
        _ = ccurl_setopt_read_callback(handle) { buffer, size, count, context in
            guard let buffer, let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let n = min(size * count, transfer.body.count - transfer.offset)
            transfer.body.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + transfer.offset, byteCount: n)
            }
            transfer.offset += n
            return n
        }
        rc = ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        guard rc == CURLE_OK else { throw .curl(code: Int(rc.rawValue), message: message(rc)) }
        _ = ccurl_setopt_pointer(handle, CURLOPT_DEBUGDATA, context)
        _ = ccurl_setopt_debug_callback(handle) { _, type, data, size, context in
            guard let data, let context, type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            data.withMemoryRebound(to: UInt8.self, capacity: size) {
                let bytes = UnsafeBufferPointer(start: $0, count: size)
                if type == CURLINFO_HEADER_IN { transfer.transcript.received(bytes) } else { transfer.transcript.sent(bytes) }
            }
            return 0
        }
        try set(CURLOPT_VERBOSE, 1)

        rc = curl_easy_perform(handle)
        guard rc == CURLE_OK else { throw classify(rc, endpoint) }
        return transcript.lastReply ?? SMTPReply(code: 250, text: "", command: "DATA")
    }

    /// The server's last code, as libcurl saw it (0 when it sent none).
    private var responseCode: Int {
        var code = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    private func classify(_ rc: CURLcode, _ endpoint: SMTPEndpoint) -> SMTPError {
        let server = endpoint.server
        let detail = message(rc)
        // The reply that refused, in the server's words; libcurl's code when the debug lines had none.
        let code = responseCode
        let refusal = transcript.lastRefusal ?? (code >= 400 ? SMTPReply(code: code, text: detail) : nil)
        switch rc {
        case CURLE_LOGIN_DENIED:
            if let refusal, (400..<500).contains(refusal.code) { return .temporaryFailure(server: server, reply: refusal) }
            var bearer = false
            if case .bearerToken = endpoint.credential { bearer = true }
            return .loginFailed(user: endpoint.user, server: server, reply: refusal, usedToken: bearer)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return .certificateRejected(server: server, detail: detail)
        case CURLE_SSL_CONNECT_ERROR:
            return .tlsFailed(server: server, detail: detail)
        case CURLE_USE_SSL_FAILED:
            return .tlsRequired(server: server)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return .cannotConnect(server: server, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            let seconds = refusal == nil && transcript.replies.isEmpty ? endpoint.connectTimeout : endpoint.totalTimeout
            return .timedOut(server: server, seconds: seconds)
        default:
            // libcurl reports a refused MAIL, RCPT or DATA as a send error (55, "RCPT failed: 550"),
            // a refused greeting as a weird reply: the server's own reply says what it was.
            if let refusal {
                return refusal.code < 500
                    ? .temporaryFailure(server: server, reply: refusal)
                    : .rejected(server: server, reply: refusal)
            }
            switch rc {
            case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_WEIRD_SERVER_REPLY:
                return .connectionLost(server: server, detail: detail)
            default:
                return .curl(code: Int(rc.rawValue), message: detail)
            }
        }
    }
}
