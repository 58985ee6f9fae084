// swift-tools-version: 6.1
// The IMAP benchmark's own package: the fetcher (through symlinks to the main package's
// Sources/CCurl, Sources/Credentials and Sources/IMAPFetch) and a small executable, with no other dependency, so it
// builds in release without the rest of intake.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "imap-bench",
    targets: [
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "Credentials", path: "Sources/Credentials", swiftSettings: strict),
        .target(name: "IMAPFetch", dependencies: ["CCurl", "Credentials"], path: "Sources/IMAPFetch", swiftSettings: strict),
        .executableTarget(name: "imap-bench", dependencies: ["IMAPFetch"], path: "Sources/imap-bench", swiftSettings: strict),
    ]
)
