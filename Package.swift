// swift-tools-version:6.0
import PackageDescription

// Layers, imports flowing one way only:
// SinoAIDomain (+ SinoAIText) → SinoAIViewModel → SinoAIRendering → SinoAITerminal → SinoAIApp → sinoai
let package = Package(
    name: "SinoAI",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sinoai", targets: ["sinoai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
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
        // 5. App: commands, wiring, run loop, effects.
        .target(name: "SinoAIApp", dependencies: [
            "SinoAIDomain", "SinoAIText", "SinoAIViewModel", "SinoAIRendering", "SinoAITerminal", "CSystemShims",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "sinoai", dependencies: ["SinoAIApp"]),

        .testTarget(name: "SinoAIDomainTests", dependencies: ["SinoAIDomain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SinoAITextTests", dependencies: ["SinoAIText"]),
        .testTarget(name: "SinoAIViewModelTests", dependencies: ["SinoAIViewModel", "SinoAIDomain"]),
        .testTarget(name: "SinoAIRenderingTests", dependencies: ["SinoAIRendering", "SinoAIViewModel", "SinoAIDomain"], resources: [.copy("Golden")]),
        .testTarget(name: "SinoAITerminalTests", dependencies: ["SinoAITerminal", "SinoAIRendering"]),
        .testTarget(name: "SinoAIAppTests", dependencies: ["SinoAIApp", "SinoAIDomain"], resources: [.copy("Golden")]),
    ]
)
