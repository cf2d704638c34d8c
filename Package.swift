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
    ],
    targets: [
        .target(
            name: "TikTokOfflineCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "tiktok-offline",
            dependencies: [
                "TikTokOfflineCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "tiktok-offline-bench",
            dependencies: ["TikTokOfflineCore"]
        ),
        .testTarget(
            name: "TikTokOfflineCoreTests",
            dependencies: ["TikTokOfflineCore"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["tiktok-offline", "TikTokOfflineCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
