import MIME
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point: every input must parse without a crash, a hang or a leak, and the
// result must be usable (every property read, every attachment's text decoded).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    // Small limits so that the fuzzer reaches them often.
    let limits = ParseLimits(maxHeaderLineLength: 2_000, maxHeaderCount: 100, maxDepth: 8,
                             maxPartCount: 200, maxTotalSize: 1 << 20)
    for m in [MessageParser.parse(bytes), MessageParser.parse(bytes, limits: limits)] {
        var sink = 0
        var queue = [m]
        while let msg = queue.popLast() {
            sink &+= (msg.subject?.utf8.count ?? 0) &+ (msg.textBody?.utf8.count ?? 0)
            sink &+= msg.from.count &+ msg.to.count &+ msg.defects.count &+ (msg.date?.count ?? 0)
            for a in msg.attachments { sink &+= a.bytes.count &+ (a.text?.utf8.count ?? 0) }
            queue += msg.embeddedMessages
        }
        if sink == -1 { print(sink) }
    }
    // The same bytes as the content of a binary winmail.dat part, so that the TNEF reader, the
    // MAPI property reader, LZFu and the RTF reader are fuzzed without a base64 layer between.
    let tnefMail = Array("Content-Type: application/ms-tnef\r\nContent-Transfer-Encoding: binary\r\n\r\n".utf8) + bytes
    let t = MessageParser.parse(tnefMail)
    if t.attachments.count == -1 || (t.textBody?.isEmpty ?? false) && t.defects.count == -1 { print(t) }
    _ = Mbox.messages(in: bytes)
    _ = HTMLText.text(fromHTML: String(decoding: bytes, as: UTF8.self))
    return 0
}

// SwiftPM makes this file's top-level code the program's `main`, which hides libFuzzer's own;
// so the top level hands control to libFuzzer's driver explicitly.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
})
