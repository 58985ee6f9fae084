import CCurl
import Glibc
import Synchronization

/// OpenSSL read-ahead for the fetch, turned on once libcurl has logged in (or, where the session
/// logs in itself, once TLS is up).
///
/// Dovecot sends a message in 4 KB TLS records, and without read-ahead OpenSSL reads each one with
/// two recv calls (header, then body): about 450,000 system calls per 900 MB. With read-ahead one
/// recv takes whatever the socket holds, up to `bufferSize`. It cannot be on during the login:
/// libcurl 7.88 waits on the socket between answers and does not see records OpenSSL has
/// already read, so the login would hang.
///
/// libcurl hands over no SSL pointer for a CONNECT_ONLY connection once the login is done
/// (CURLINFO_TLS_SSL_PTR comes back empty), so an info callback set on the connection's SSL_CTX
/// notes the SSL it makes. The OpenSSL functions are looked up at run time: no OpenSSL headers
/// are needed to build, and with a libcurl on another TLS library this is simply not done.
enum TLSReadAhead {
    /// OpenSSL's read buffer with read-ahead: sixteen 4 KB records per recv.
    static let bufferSize = 64 << 10

    private typealias InfoCallback = @convention(c) (OpaquePointer?, Int32, Int32) -> Void
    private typealias SetInfoCallback = @convention(c) (OpaquePointer?, InfoCallback?) -> Void
    private struct OpenSSL: @unchecked Sendable {
        let setInfoCallback: SetInfoCallback
        let setConnectionInfoCallback: SetInfoCallback
        let setDefaultReadBufferLength: @convention(c) (OpaquePointer?, Int) -> Void
        let contextOf: @convention(c) (OpaquePointer?) -> OpaquePointer?
        let setReadAhead: @convention(c) (OpaquePointer?, Int32) -> Void
    }

    private static let openSSL: OpenSSL? = {
        guard let info = curl_version_info(ccurl_version_now), let ssl = info.pointee.ssl_version,
              String(cString: ssl).hasPrefix("OpenSSL/") else { return nil }
        guard let setInfoCallback: SetInfoCallback = symbol("SSL_CTX_set_info_callback"),
              let setConnectionInfoCallback: SetInfoCallback = symbol("SSL_set_info_callback"),
              let setDefaultReadBufferLength: @convention(c) (OpaquePointer?, Int) -> Void = symbol("SSL_CTX_set_default_read_buffer_len"),
              let contextOf: @convention(c) (OpaquePointer?) -> OpaquePointer? = symbol("SSL_get_SSL_CTX"),
              let setReadAhead: @convention(c) (OpaquePointer?, Int32) -> Void = symbol("SSL_set_read_ahead") else { return nil }
        return OpenSSL(setInfoCallback: setInfoCallback, setConnectionInfoCallback: setConnectionInfoCallback,
                       setDefaultReadBufferLength: setDefaultReadBufferLength, contextOf: contextOf, setReadAhead: setReadAhead)
    }()

    /// An OpenSSL function by name (RTLD_DEFAULT: libssl is loaded with libcurl).
    private static func symbol<F>(_ name: String) -> F? {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), name).map { unsafeBitCast($0, to: F.self) }
    }

    /// SSL_CTX → the SSL made from it. libcurl 7.88 makes one SSL_CTX per connection.
    private static let connections = Mutex<[UInt: UInt]>([:])

    /// Asks libcurl to show us the connection's SSL_CTX before the handshake.
    static func prepare(_ handle: UnsafeMutableRawPointer, context: CurlLogin) {
        guard openSSL != nil else { return }
        _ = ccurl_setopt_pointer(handle, CURLOPT_SSL_CTX_DATA, Unmanaged.passUnretained(context).toOpaque())
        _ = ccurl_setopt_ssl_ctx_callback(handle) { _, sslContext, login in
            guard let sslContext, let login, let openSSL = TLSReadAhead.openSSL else { return CURLE_OK }
            Unmanaged<CurlLogin>.fromOpaque(login).takeUnretainedValue().sslContext = UInt(bitPattern: sslContext)
            let ctx = OpaquePointer(sslContext)
            openSSL.setDefaultReadBufferLength(ctx, TLSReadAhead.bufferSize)
            openSSL.setInfoCallback(ctx) { ssl, _, _ in
                guard let ssl, let ctx = TLSReadAhead.openSSL?.contextOf(ssl) else { return }
                TLSReadAhead.connections.withLock { $0[UInt(bitPattern: ctx)] = UInt(bitPattern: ssl) }
            }
            return CURLE_OK
        }
    }

    /// Turns read-ahead on for the logged-in connection made from `sslContext`; false when it cannot.
    static func enable(sslContext: UInt) -> Bool {
        guard let openSSL, let ssl = take(sslContext) else { return false }
        // The SSL took its own copy of the callback when it was made: both are cleared, so nothing
        // later in the session (a session ticket, an alert) notes the connection again.
        openSSL.setInfoCallback(OpaquePointer(bitPattern: sslContext), nil)
        openSSL.setConnectionInfoCallback(OpaquePointer(bitPattern: ssl), nil)
        openSSL.setReadAhead(OpaquePointer(bitPattern: ssl), 1)
        return true
    }

    /// Forgets the connection (a failed login, or done).
    @discardableResult
    static func take(_ sslContext: UInt) -> UInt? {
        connections.withLock { $0.removeValue(forKey: sslContext) }
    }
}
