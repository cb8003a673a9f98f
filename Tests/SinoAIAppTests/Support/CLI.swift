import Foundation
import SinoAITestSupport
import XCTest

/// What one run of the `sinoai` binary produced.
struct CLIResult {
    var status: Int32
    var stdoutData: Data
    var stderrData: Data

    var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    var stderr: String { String(decoding: stderrData, as: UTF8.self) }
    var stdoutLines: [Substring] { stdout.split(separator: "\n", omittingEmptySubsequences: true) }
    var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }

    /// Everything, for failure messages.
    var transcript: String { "exit status \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs the real built `sinoai` executable with Foundation.Process.
enum CLI {
    static var executable: URL { TestSupport.executable }

    /// Runs `sinoai arguments…` in `workingDirectory` (default: a fresh empty temporary
    /// folder, so no test depends on the caller's cwd). The environment is this
    /// process's minus `SINOAI_DATA`, plus `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:], workingDirectory: URL? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> CLIResult {
        let binary = executable
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("no sinoai executable at \(binary.path); build the package first", file: file, line: line)
            throw CLIError.missingExecutable(binary.path)
        }
        let scratch = try TemporaryDirectory(prefix: "sinoai-cli")
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["SINOAI_DATA"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let cwd = workingDirectory ?? scratch.url.appendingPathComponent("cwd", isDirectory: true)
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        process.currentDirectoryURL = cwd
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        // Output goes to files, not pipes, so a large output can never block the child.
        return CLIResult(status: process.terminationStatus,
                         stdoutData: try Data(contentsOf: outURL), stderrData: try Data(contentsOf: errURL))
    }

    /// Parses stdout as JSON (with Foundation, independently of the app's own writer).
    static func json(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
        do {
            return try JSONSerialization.jsonObject(with: result.stdoutData)
        } catch {
            XCTFail("stdout is not JSON: \(error)\n\(result.transcript)", file: file, line: line)
            throw error
        }
    }

    /// `json` as an array of objects.
    static func jsonObjects(_ result: CLIResult, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let value = try json(result, file: file, line: line)
        return try XCTUnwrap(value as? [[String: Any]], "expected a JSON array of objects, got \(type(of: value))",
                             file: file, line: line)
    }
}

enum CLIError: Error {
    case missingExecutable(String)
}

/// A temporary folder removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init(prefix: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
