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

    /// A folder named on the command line (or in SINOAI_DATA) that is not a folder: a
    /// usage error (exit 2), told in one line.
    public struct NotADirectory: Error, CustomStringConvertible {
        /// How the user named it: `--data /x`, `SINOAI_DATA=/x` or just the path.
        public var given: String
        public var exists: Bool
        public var description: String { "\(given): \(exists ? "not a directory" : "no such directory")" }
    }

    /// The folder to read, or why none was found. `explicitName` is how the user gave
    /// `explicit` (`--data`), for messages; nil for a positional argument.
    public static func locate(explicit: String?, explicitName: String? = "--data",
                              environment: [String: String] = ProcessInfo.processInfo.environment,
                              executablePath: String = CommandLine.arguments.first ?? "") throws -> URL {
        if let explicit {
            return try checkedDirectory(explicit, given: explicitName.map { "\($0) \(explicit)" } ?? explicit)
        }
        if let fromEnvironment = environment["SINOAI_DATA"], !fromEnvironment.isEmpty {
            return try checkedDirectory(fromEnvironment, given: "SINOAI_DATA=\(fromEnvironment)")
        }
        let candidates = bundledCandidates(executablePath: executablePath)
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(SnapshotFile.manifest.rawValue).path) {
            return candidate
        }
        throw NotFound(looked: candidates.map(\.path))
    }

    /// The folder at `path`, or `NotADirectory` when nothing or a file is there.
    static func checkedDirectory(_ path: String, given: String) throws -> URL {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw NotADirectory(given: Text.escaped(given, limit: 300), exists: FileManager.default.fileExists(atPath: url.path))
        }
        return url
    }

    /// `Data` beside the binary, then the bundled folders (see `BundledFolders`).
    static func bundledCandidates(executablePath: String) -> [URL] {
        let bin = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        return [bin.appendingPathComponent("Data").standardizedFileURL] + BundledFolders.candidates("Data", executablePath: executablePath)
    }
}
