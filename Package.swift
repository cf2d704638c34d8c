// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "tiktok-offline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tiktok-offline", targets: ["tiktok-offline"]),
        .library(name: "TikTokOfflineCore", targets: ["TikTokOfflineCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .target(
            name: "TikTokOfflineCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "TikTokOfflineDelivery",
            dependencies: [
                "TikTokOfflineCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .target(
            name: "TikTokStandIn",
            dependencies: [
                "TikTokOfflineCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support/TikTokStandIn"
        ),
        .target(
            name: "TikTokOfflineUI",
            dependencies: ["TikTokOfflineCore", "TOMLKit"]
        ),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        .target(
            name: "TerminalBackend",
            dependencies: ["CNcursesw", "TikTokOfflineUI"]
        ),
        .executableTarget(
            name: "tiktok-offline",
            dependencies: [
                "TikTokOfflineCore",
                "TikTokOfflineDelivery",
                "TikTokOfflineUI",
                "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildCommit"]
        ),
        .plugin(name: "BuildCommit", capability: .buildTool()),
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: ["TikTokOfflineCore"],
            path: "Examples/Embedding"
        ),
        .executableTarget(
            name: "tiktok-offline-bench",
            dependencies: ["TikTokOfflineCore", "TikTokOfflineUI"]
        ),
        .executableTarget(
            name: "tiktok-offline-fuzz",
            dependencies: ["TikTokOfflineCore"]
        ),
        .testTarget(
            name: "FuzzTests",
            dependencies: ["tiktok-offline-fuzz", "TikTokOfflineCore"]
        ),
        .testTarget(
            name: "TikTokOfflineCoreTests",
            dependencies: ["TikTokOfflineCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LibraryTests",
            dependencies: ["TikTokOfflineCore", "EmbeddingExample"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["tiktok-offline", "TikTokOfflineCore"]
        ),
        .testTarget(
            name: "UITests",
            dependencies: ["TikTokOfflineUI", "TikTokOfflineCore", "TerminalBackend", "tiktok-offline"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "DeliveryTests",
            dependencies: ["tiktok-offline", "TikTokOfflineCore", "TikTokOfflineDelivery", "TikTokStandIn"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
