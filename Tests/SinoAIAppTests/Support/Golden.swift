// Golden files for the CLI tests live in Tests/SinoAIAppTests/Golden/ (copied into the
// test bundle as a resource). Each test compares the binary's stdout, byte for byte,
// with its golden file.
//
// To regenerate them after an intended output change, run
//
//     SINOAI_UPDATE_GOLDEN=1 swift test --filter SinoAIAppTests
//
// which rewrites the files in the source tree instead of comparing; then review the
// change with `git diff Tests/SinoAIAppTests/Golden` before committing.
//
// Golden/fixture/ is the snapshot the golden outputs are made from: a copy of
// Tests/SinoAIDomainTests/Fixtures/minimal (FixtureSyncTests checks they stay equal).

import Foundation
import SinoAITestSupport
import XCTest

enum Golden {
    /// True when SINOAI_UPDATE_GOLDEN=1: rewrite instead of compare.
    static var updating: Bool { ProcessInfo.processInfo.environment["SINOAI_UPDATE_GOLDEN"] == "1" }

    /// The golden files as copied into the test bundle.
    static var bundled: URL {
        guard let url = Bundle.module.url(forResource: "Golden", withExtension: nil) else {
            fatalError("the Golden resource is missing from the test bundle")
        }
        return url
    }

    /// The golden files in the source tree (written when updating).
    static var source: URL {
        // #filePath is <checkout>/Tests/SinoAIAppTests/Support/Golden.swift.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")
    }

    /// The synthetic snapshot the CLI tests run on.
    static var fixture: URL { bundled.appendingPathComponent("fixture") }

    /// The real snapshot shipped with the package.
    static var realData: URL { TestSupport.dataDirectory }

    /// Compares `actual` with the golden file `name`, or rewrites it when updating.
    static func assertMatches(_ actual: Data, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        if updating {
            do {
                try actual.write(to: source.appendingPathComponent(name))
                print("updated golden file \(name)")
            } catch {
                XCTFail("cannot write golden file \(name): \(error)", file: file, line: line)
            }
            return
        }
        guard let expected = try? Data(contentsOf: bundled.appendingPathComponent(name)) else {
            XCTFail("missing golden file \(name); run with SINOAI_UPDATE_GOLDEN=1 to create it", file: file, line: line)
            return
        }
        guard actual != expected else { return }
        let actualLines = String(decoding: actual, as: UTF8.self).components(separatedBy: "\n")
        let expectedLines = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
        let index = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        func at(_ lines: [String]) -> String { index < lines.count ? lines[index].debugDescription : "<end of output>" }
        let saved = FileManager.default.temporaryDirectory.appendingPathComponent("sinoai-golden-actual-\(name)")
        try? actual.write(to: saved)
        XCTFail("""
            output differs from golden file \(name) at line \(index + 1):
              expected: \(at(expectedLines))
              actual:   \(at(actualLines))
            actual output saved to \(saved.path); if the change is intended, run with SINOAI_UPDATE_GOLDEN=1
            """, file: file, line: line)
    }
}
