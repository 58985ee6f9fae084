// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "intake",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // parse: bytes in, message out. Depends on nothing, not even Foundation.
        // Base64 sixteen characters at a time (SSSE3), the parser's one piece of C.
        .target(name: "CBase64"),
        .target(name: "MIME", dependencies: ["CBase64"], swiftSettings: strict),
        // JSON as UTF-8 bytes, keys in the order written: every JSON shape intake prints or files.
        // Depends on nothing, not even Foundation, so any module can write with it.
        .target(name: "JSONOutput", swiftSettings: strict),
        // extract: the request's fields, with evidence, from a parsed message.
        // Snowball's stemmers: cue words match their forms in each language.
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "Extraction", dependencies: [
            "MIME", "CStemmer",
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        // rules: findings and a verdict from fields and headers.
        // The Public Suffix List: one organization is one registrable domain (alice.github.io is not bob's).
        .systemLibrary(name: "CPSL", path: "Sources/CPSL", pkgConfig: "libpsl", providers: [.apt(["libpsl-dev"])]),
        .target(name: "RuleEngine", dependencies: [
            "MIME", "Extraction", "CPSL",
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // file: cases, the archive, the audit log.
        .target(name: "Filing", dependencies: [
            "MIME", "JSONOutput", "Extraction", "RuleEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // letters: the text of the letters a requester attaches (PDF, scan, document), each converter in its
        // own confined process (poppler, Tesseract, unzip: system packages). Extraction does not depend on it.
        .target(name: "Letters", dependencies: [
            "MIME", "Extraction",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strict),
        // replies: what a requester reads back (Mustache templates in Rules/replies/), the composed RFC 5322
        // reply, and the RFC 3834 loop guard. Sends nothing: the outbox does.
        .target(name: "Replies", dependencies: [
            "MIME", "Extraction", "RuleEngine",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        // sources: where mail comes from (a Maildir; the protocol an IMAP mailbox meets), below the pipeline.
        .target(name: "MailSources", swiftSettings: strict),
        // The outbox's sending: replies the store holds go to the SMTP server exactly once (a transport and the
        // Sent folder are protocols here; the SMTP and IMAP modules meet them where they are wired together).
        .target(name: "Outbox", dependencies: ["Filing", "RuleEngine"], swiftSettings: strict),
        // wires the stages: one decision, one pass over a source.
        .target(name: "Pipeline", dependencies: [
            "MIME", "JSONOutput", "Extraction", "RuleEngine", "Filing", "MailSources", "Letters", "Replies",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        // fetch: libcurl carries the IMAP session; only IMAPFetch sees it.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
                       providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "IMAPFetch", dependencies: ["CCurl", "Credentials"], swiftSettings: strict),
        // Where a mail server's secret comes from (a file, the environment, a command, an OAuth 2.0 token
        // command): the IMAP mailbox and the SMTP submission server read theirs the same way. Foundation only.
        .target(name: "Credentials", swiftSettings: strict),
        // submit: replies go out over SMTP, through libcurl as the fetch comes in (smtps:// or STARTTLS required).
        .target(name: "SMTPSubmit", dependencies: ["CCurl", "Credentials"], swiftSettings: strict),
        // The IMAP mailbox as a pipeline source: incremental, exactly once, marks what it filed.
        .target(name: "IMAPSource", dependencies: [
            "IMAPFetch", "MailSources", "Credentials",
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: strict),
        .target(name: "IntakeCLI", dependencies: [
            "MIME", "JSONOutput", "Extraction", "RuleEngine", "Filing", "MailSources", "Pipeline", "IMAPFetch", "IMAPSource", "Credentials", "Letters", "Replies", "Outbox", "SMTPSubmit",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ], swiftSettings: strict),
        .executableTarget(name: "intake", dependencies: ["IntakeCLI"], swiftSettings: strict),
        // The parse benchmark's Swift side (Benchmarks/parse/README.md).
        .executableTarget(name: "mime-bench", dependencies: ["MIME", "JSONOutput"], path: "Benchmarks/parse/Sources", swiftSettings: strict),
        // The extraction benchmark (Benchmarks/extract/README.md).
        .executableTarget(name: "extract-bench", dependencies: ["Extraction", "MIME"], path: "Benchmarks/extract/Sources", swiftSettings: strict),
        // The watch benchmark (Benchmarks/watch/README.md): arrival-to-filed latency over bursts.
        .executableTarget(name: "watch-bench", dependencies: ["IMAPFetch", "SeededRandom"], path: "Benchmarks/watch/Sources", swiftSettings: strict),
        // The letters benchmark (Benchmarks/letters/README.md): fields read from letters, speed, hostile files.
        .executableTarget(name: "letters-bench", dependencies: ["Pipeline", "Letters", "LetterSamples", "Extraction", "MIME"],
                          path: "Benchmarks/letters/Sources", swiftSettings: strict),

        .testTarget(name: "JSONOutputTests", dependencies: ["JSONOutput", "SeededRandom"], swiftSettings: strict),
        .testTarget(name: "MIMETests", dependencies: ["MIME", "SeededRandom"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "MIME"], swiftSettings: strict),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "Extraction", "MIME"], swiftSettings: strict),
        .testTarget(name: "RepliesTests", dependencies: ["Replies", "RuleEngine", "Extraction", "MIME", "SeededRandom"],
                    resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "FilingTests", dependencies: ["Filing", "RuleEngine", "Extraction", "MIME", "SeededRandom"], swiftSettings: strict),
        // Letters made from text at test time (PDFs, DOCX), and the one .doc kept as a file, for the tests and the
        // letters benchmark.
        .target(name: "LetterSamples", path: "Tests/LetterSamples", exclude: ["Fixtures"], swiftSettings: strict),
        .target(name: "TestServers", path: "Tests/TestServers", swiftSettings: strict),
        // One seeded generator (SplitMix64) for the property tests and the benchmarks' loads.
        .target(name: "SeededRandom", path: "Tests/SeededRandom", swiftSettings: strict),
        .testTarget(name: "LettersTests", dependencies: ["Letters", "LetterSamples", "Extraction", "MIME"], swiftSettings: strict),
        .testTarget(name: "OutboxTests", dependencies: ["Outbox", "Filing", "RuleEngine", "Extraction"], swiftSettings: strict),
        .testTarget(name: "MailSourcesTests", dependencies: ["MailSources"], swiftSettings: strict),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "LetterSamples", "Letters", "MailSources", "Filing", "RuleEngine", "Extraction", "MIME", "Replies"],
                    exclude: ["FollowUps"], swiftSettings: strict),
        .testTarget(name: "IMAPFetchTests", dependencies: ["IMAPFetch", "TestServers"], swiftSettings: strict),
        .testTarget(name: "SMTPSubmitTests", dependencies: ["SMTPSubmit", "IMAPFetch", "TestServers"], swiftSettings: strict),
        .testTarget(name: "IMAPSourceTests", dependencies: ["IMAPSource", "IMAPFetch", "MailSources", "Pipeline", "Filing", "TestServers"], swiftSettings: strict),
        // Its Fixtures (the sample Mailbox's expected verdicts) are read from the checkout by path.
        .testTarget(name: "IntakeCLITests", dependencies: [
            "IntakeCLI", "Extraction", "Filing", "MailSources", "Pipeline", "IMAPFetch", "Outbox", "MIME", "SMTPSubmit", "Credentials", "TestServers", "SeededRandom",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ], exclude: ["Fixtures"], swiftSettings: strict),
    ]
)
