// swift-tools-version: 6.1
// libFuzzer harnesses. Sources/<Module> are links to the package's modules, so the fuzzers build
// only what they exercise: MIMEFuzz the parser alone, DecisionFuzz what `intake poll` does with
// one message (parse, extract, rules, filing into a real store). See README.md for the commands.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "intake-fuzz",
    // The same dependencies, at the same versions, as the package's Package.swift.
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .target(name: "CBase64"),
        .target(name: "MIME", dependencies: ["CBase64"], swiftSettings: strict),
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "Extraction", dependencies: [
            "MIME", "CStemmer",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        .systemLibrary(name: "CPSL", path: "Sources/CPSL", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev"])]),
        .target(name: "RuleEngine", dependencies: [
            "MIME", "Extraction", "CPSL",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "JSONOutput", swiftSettings: strict),
        .target(name: "Filing", dependencies: [
            "MIME", "JSONOutput", "Extraction", "RuleEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        .target(name: "MailSources", swiftSettings: strict),
        .target(name: "Pipeline", dependencies: [
            "MIME", "JSONOutput", "Extraction", "RuleEngine", "Filing", "MailSources",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        .executableTarget(name: "MIMEFuzz", dependencies: ["MIME"]),
        .executableTarget(name: "DecisionFuzz", dependencies: ["MIME", "Extraction", "RuleEngine", "Filing", "MailSources", "Pipeline"]),
    ]
)
