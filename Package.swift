// swift-tools-version:6.0
import PackageDescription

// Layers, imports flowing one way only:
// SinoAIDomain (+ SinoAIText) → SinoAIViewModel → SinoAIRendering → SinoAITerminal → SinoAIApp → sinoai
let package = Package(
    name: "SinoAI",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sinoai", targets: ["sinoai"]),
        .executable(name: "sinoai-bench", targets: ["sinoai-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssh", from: "0.15.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // C shims. ncursesw is reachable only from the terminal backend.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "CSystemShims", path: "Sources/CSystemShims"),

        // 1. Domain model, snapshot loading and validation, risk model: Foundation only.
        .target(name: "SinoAIDomain"),
        // Display width and sanitizing of untrusted text (glibc wcwidth via the shim).
        .target(name: "SinoAIText", dependencies: ["SinoAIDomain", "CSystemShims"]),
        // 2. View models: state, actions, reducer, per-panel view data.
        .target(name: "SinoAIViewModel", dependencies: ["SinoAIDomain", "SinoAIText"]),
        // 3. Rendering into an in-memory cell buffer.
        .target(name: "SinoAIRendering", dependencies: ["SinoAIViewModel", "SinoAIDomain", "SinoAIText"]),
        // 4. Terminal backend: the only code that imports ncurses.
        .target(name: "SinoAITerminal", dependencies: ["SinoAIRendering", "CNcursesw", "CSystemShims"]),
        // `sinoai serve`: SSH server giving every login its own read-only `sinoai watch` on a pty.
        .target(name: "SinoAIServer", dependencies: [
            "CSystemShims",
            .product(name: "NIOSSH", package: "swift-nio-ssh"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // 5. App: commands, wiring, run loop, effects.
        .target(name: "SinoAIApp", dependencies: [
            "SinoAIDomain", "SinoAIText", "SinoAIViewModel", "SinoAIRendering", "SinoAITerminal", "CSystemShims", "SinoAIServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "sinoai", dependencies: ["SinoAIApp"]),
        // Development tools: benchmarks + synthetic snapshot generator (never writes Data/), and
        // a libFuzzer target for the loader, built only by scripts/fuzz.sh (a no-op otherwise).
        .executableTarget(name: "sinoai-bench", dependencies: ["SinoAIDomain", "SinoAIText", "SinoAIViewModel", "SinoAIRendering", "CSystemShims"]),
        .executableTarget(name: "sinoai-fuzz", dependencies: ["SinoAIDomain"]),

        // Helpers shared by the test targets (paths, the bundled snapshot, the built binary).
        .target(name: "SinoAITestSupport", dependencies: ["SinoAIDomain"], path: "Tests/SinoAITestSupport"),
        .testTarget(name: "SinoAIDomainTests", dependencies: ["SinoAIDomain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SinoAITextTests", dependencies: ["SinoAIText"]),
        .testTarget(name: "SinoAIViewModelTests", dependencies: ["SinoAIViewModel", "SinoAIDomain", "SinoAITestSupport"]),
        .testTarget(name: "SinoAIRenderingTests", dependencies: ["SinoAIRendering", "SinoAIViewModel", "SinoAIDomain", "SinoAITestSupport"], resources: [.copy("Golden")]),
        .testTarget(name: "SinoAITerminalTests", dependencies: ["SinoAITerminal", "SinoAIRendering"]),
        .testTarget(name: "SinoAIAppTests", dependencies: ["SinoAIApp", "SinoAIDomain", "SinoAITestSupport"], resources: [.copy("Golden")]),
        .testTarget(name: "SinoAIServerTests", dependencies: [
            "SinoAIServer", "SinoAITestSupport",
            .product(name: "NIOSSH", package: "swift-nio-ssh"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
