import Foundation

/// Where folders shipped with sinoai (Data, Themes) are looked for: beside an installed
/// binary (`bin/../share/sinoai/NAME`), then in the checkout the binary was built from,
/// so `swift run` works from any directory.
enum BundledFolders {
    static func candidates(_ name: String, executablePath: String) -> [URL] {
        let bin = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        // #filePath is …/Sources/SinoAIApp/Support/BundledFolders.swift.
        let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return [bin.deletingLastPathComponent().appendingPathComponent("share/sinoai/\(name)"),
                checkout.appendingPathComponent(name)].map(\.standardizedFileURL)
    }
}
