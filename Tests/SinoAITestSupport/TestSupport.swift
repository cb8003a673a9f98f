import Foundation
import SinoAIDomain

/// Paths and data shared by the test targets.
public enum TestSupport {
    /// The repository root (this file is Tests/SinoAITestSupport/TestSupport.swift).
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled snapshot folder, Data/.
    public static let dataDirectory = repository.appendingPathComponent("Data")

    /// The bundled snapshot, loaded once; a test run stops if it is invalid.
    public static let snapshot: Snapshot = {
        switch SnapshotLoader.load(from: dataDirectory) {
        case .success(let snapshot): return snapshot
        case .failure(let error): fatalError("bundled snapshot invalid: \(error)")
        }
    }()

    /// The folder holding the built products (the test bundle and `sinoai`), found
    /// the way swift-argument-parser's own tests find it.
    public static var productsDirectory: URL {
        #if os(macOS)
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        fatalError("couldn't find the products directory")
        #else
        return Bundle.main.bundleURL
        #endif
    }

    /// The built `sinoai` executable.
    public static var executable: URL { productsDirectory.appendingPathComponent("sinoai") }
}
