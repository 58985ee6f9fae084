#if canImport(Glibc)
import Glibc
#endif

// libFuzzer entry point: every input is taken as one raw email and handled as `intake poll` handles
// a message, into a temporary store (DecisionHarness); a crash, a hang, a leak or a broken
// invariant is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    DecisionHarness.shared.run(Array(UnsafeBufferPointer(start: data, count: size)))
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

// The rules are loaded and the store opened before the first input, so neither counts as one's work.
_ = DecisionHarness.shared
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
})
