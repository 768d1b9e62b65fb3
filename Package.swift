// swift-tools-version:6.0
import PackageDescription

// A release build of the layers `rlcm` links asks for each concrete generic type's metadata with
// the witness tables the compiler knows, rather than by its mangled name: the runtime checks a
// mangled name's requirements by searching the executable's 7,000 protocol conformances, once per
// type (`Option<String>`, each state file's `KeyedEncodingContainer<CodingKeys>`). Those searches
// were about 6 % of a small import's CPU, nearly all on the thread it waits for. Paired:
// `rlcm --version` 0.90 ×, a 50-recipe import 0.96 × (bench/README.md, "Start-up"). Unsafe flags
// keep other packages from depending on these libraries by version; none does.
let fewerConformanceSearches: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release)),
]

// Supported platform: Linux with glibc (Debian 12 is what CI and the README's machine run).
// Everything rlcm asks of the operating system that differs between systems sits in
// Sources/RLCMFormat/FileSystem/Platform.swift (with the declarations it needs in CPlatform), so
// a macOS port is that file; the macOS line below only sets the minimum such a port would need.
let package = Package(
    name: "rlcm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rlcm", targets: ["rlcm"]),
        .executable(name: "rlcm-remote", targets: ["rlcm-remote"]),
        .library(name: "RLCMFormat", targets: ["RLCMFormat"]),
        .library(name: "RLCMKit", targets: ["RLCMKit"]),
        .library(name: "RLCMServer", targets: ["RLCMServer"]),
        .library(name: "RLCMAPI", targets: ["RLCMAPI"]),
        .library(name: "RLCMClient", targets: ["RLCMClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // libarchive's functions as rlcm calls them, loaded from libarchive.so.13 the first time
        // one runs rather than when rlcm starts (LazyLibarchive.c says why). Its headers come from
        // libarchive-dev, the library from libarchive13.
        .target(name: "CArchive", linkerSettings: [.linkedLibrary("dl")]),
        // The declarations Platform.swift needs from glibc that Swift cannot see.
        .systemLibrary(name: "CPlatform"),
        // The bottom layer: JSON, zips, asset links, connector code, file-system and hashing
        // helpers, the platform. It knows nothing of workspaces.
        .target(
            name: "RLCMFormat",
            dependencies: [
                "CArchive",
                "CPlatform",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: fewerConformanceSearches
        ),
        // Workspaces, connectors, export, import, sharing: what rlcm does, on top of the format.
        .target(
            name: "RLCMKit",
            dependencies: ["RLCMFormat"],
            swiftSettings: fewerConformanceSearches
        ),
        // The Developer API's answers and request bodies: one set of Codable types for the server
        // and the client, so the two cannot drift apart (the server's contract tests validate them).
        .target(name: "RLCMAPI", dependencies: ["RLCMFormat"]),
        .target(
            name: "RLCMServer",
            dependencies: [
                "RLCMAPI",
                "RLCMFormat",
                "RLCMKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Remote workspaces: the Developer API of a real workspace (or of rlcm serve), over
        // AsyncHTTPClient with swift-nio-ssl verifying certificates.
        .target(
            name: "RLCMClient",
            dependencies: [
                "RLCMAPI",
                "RLCMFormat",
                "RLCMKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The command line: every command's options, help and text, on the library alone. What
        // needs the server or the HTTP client goes through a `RemoteStack`.
        .target(
            name: "RLCMCommandLine",
            dependencies: [
                "RLCMFormat",
                "RLCMKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: fewerConformanceSearches
        ),
        // `rlcm`: the command line without the server and client stacks, so that it starts as fast
        // as the commands on folders and packages can; it runs `rlcm-remote` (installed beside it)
        // in its place for the commands that need them. A release build links the Swift runtime
        // and Foundation statically: the dynamic loader's symbol look-ups in a dozen libraries
        // were a third of `rlcm --version` (bench/README.md). Nor is it position-independent: the
        // loader would otherwise write 90,000 relocations into the image's pages before main, a
        // quarter of what is left of start-up (libraries and the stack keep their random places).
        // Debug builds stay dynamic, as the test bundles that link this target must (one Swift
        // runtime per process).
        .executableTarget(
            name: "rlcm",
            dependencies: ["RLCMCommandLine"],
            linkerSettings: [
                .unsafeFlags(["-static-stdlib", "-Xclang-linker", "-no-pie"], .when(configuration: .release)),
                // Static Foundation's own libraries, which the modules compiled without
                // -static-stdlib do not name when they import Foundation.
                .linkedLibrary("CoreFoundation", .when(configuration: .release)),
                .linkedLibrary("_FoundationICU", .when(configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(configuration: .release)),
                .linkedLibrary("_FoundationCollections", .when(configuration: .release)),
            ]
        ),
        // `rlcm-remote`: the same command line with the server and the client linked in.
        .executableTarget(
            name: "rlcm-remote",
            dependencies: [
                "RLCMClient",
                "RLCMCommandLine",
                "RLCMFormat",
                "RLCMKit",
                "RLCMServer",
            ]
        ),
        // The tests' shared helpers: temporary workspaces, the order-sync sandbox, the hostile zip
        // generator, the real `rlcm` process, the tests' Python. A library of the package, not a
        // test target, so that each layer's tests can use it; it sits on RLCMFormat alone, so that
        // the format's tests do not pull in the layers above.
        .target(
            name: "RLCMTestSupport",
            dependencies: ["RLCMFormat"],
            path: "Tests/RLCMTestSupport"
        ),
        // What the tests of RLCMKit and of the layers on it share: the run environment of an
        // in-process call.
        .target(
            name: "RLCMKitTestSupport",
            dependencies: ["RLCMKit", "RLCMTestSupport"],
            path: "Tests/RLCMKitTestSupport"
        ),
        // One test target per layer, each depending on that layer and what is below it.
        .testTarget(
            name: "RLCMFormatTests",
            dependencies: ["RLCMFormat", "RLCMTestSupport"],
            exclude: ["Regressions"]
        ),
        // The library in process, with typed results: no `rlcm` process runs here.
        .testTarget(
            name: "RLCMKitTests",
            dependencies: ["RLCMFormat", "RLCMKit", "RLCMKitTestSupport", "RLCMTestSupport"]
        ),
        // The Developer API through HummingbirdTesting, `rlcm serve` on loopback, the remote
        // client and the platform's official Python client against it.
        .testTarget(
            name: "RLCMServerTests",
            dependencies: [
                "RLCMFormat",
                "RLCMKit",
                "RLCMServer",
                "RLCMKitTestSupport",
                "RLCMTestSupport",
                "rlcm",
                "rlcm-remote",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        // The executable: golden files, exit codes and streams, conventions, and what needs real
        // processes (crashes, locks, concurrent runs, memory).
        .testTarget(
            name: "RLCMCLITests",
            dependencies: ["RLCMCommandLine", "RLCMFormat", "RLCMKit", "RLCMTestSupport", "rlcm", "rlcm-remote"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
