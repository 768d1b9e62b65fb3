// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rlcm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rlcm", targets: ["rlcm"]),
        .library(name: "RLCMKit", targets: ["RLCMKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .target(
            name: "RLCMKit",
            dependencies: [
                "CArchive",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "rlcm",
            dependencies: [
                "RLCMKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RLCMKitTests",
            dependencies: ["RLCMKit", "rlcm"],
            exclude: ["Regressions"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
