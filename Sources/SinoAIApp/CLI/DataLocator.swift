import Foundation
import SinoAIDomain

/// Finds the snapshot folder: `--data DIR`, else `$SINOAI_DATA`, else the bundled one.
public enum DataLocator {
    public struct NotFound: Error, CustomStringConvertible {
        public var looked: [String]
        public var description: String {
            "no data snapshot found. Pass --data DIR or set SINOAI_DATA=DIR (a folder with manifest.json). Looked in:\n"
                + looked.map { "  " + $0 }.joined(separator: "\n")
        }
    }

    /// The folder to read, or why none was found.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String = CommandLine.arguments.first ?? "") throws -> URL {
        if let explicit { return URL(fileURLWithPath: explicit).standardizedFileURL }
        if let fromEnvironment = environment["SINOAI_DATA"], !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment).standardizedFileURL
        }
        let candidates = bundledCandidates(executablePath: executablePath)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(SnapshotFile.manifest.rawValue).path) {
            return candidate
        }
        throw NotFound(looked: candidates.map(\.path))
    }

    /// `Data` beside the binary, then the bundled folders (see `BundledFolders`).
    static func bundledCandidates(executablePath: String) -> [URL] {
        let bin = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        return [bin.appendingPathComponent("Data").standardizedFileURL] + BundledFolders.candidates("Data", executablePath: executablePath)
    }
}
