import Glibc

/// SHA-256 through the system's libcrypto, loaded at run time: the same OpenSSL code Python's
/// hashlib uses, so the benchmark compares parsers, not hash functions. Without libcrypto the
/// tool still runs and says so ("hash":"none").
final class SHA256Hasher {
    typealias Fn = @convention(c) (UnsafePointer<UInt8>?, Int, UnsafeMutablePointer<UInt8>?) -> UnsafeMutablePointer<UInt8>?
    private let fn: Fn?
    let name: String

    init() {
        var handle = dlopen("libcrypto.so.3", RTLD_NOW)
        if handle == nil { handle = dlopen("libcrypto.so", RTLD_NOW) }
        if let handle, let sym = dlsym(handle, "SHA256") {
            fn = unsafeBitCast(sym, to: Fn.self)
            name = "openssl"
        } else {
            fn = nil
            name = "none"
        }
    }

    func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        guard let fn else { return out }
        bytes.withUnsafeBufferPointer { b in
            out.withUnsafeMutableBufferPointer { o in _ = fn(b.baseAddress, b.count, o.baseAddress) }
        }
        return out
    }
}
