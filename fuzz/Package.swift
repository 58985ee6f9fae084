// swift-tools-version: 6.1
// libFuzzer harness for the MIME parser. Sources/MIME is a link to the package's module, so
// the fuzzer builds only the parser, not the whole of intake. See README.md for the command.
import PackageDescription

let package = Package(
    name: "mime-fuzz",
    targets: [
        .target(name: "MIME", swiftSettings: [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME"]),
    ]
)
