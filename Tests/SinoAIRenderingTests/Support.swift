import Foundation
import SinoAIDomain
import SinoAITestSupport
@testable import SinoAIRendering
import SinoAIViewModel
import XCTest

/// Golden frames live beside this file in `Golden/`. Run the tests with
/// `SINOAI_UPDATE_GOLDEN=1 swift test` to rewrite them after an intended change,
/// then review the diff.
enum GoldenFrames {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func assert(_ buffer: Buffer, named name: String, file: StaticString = #filePath, line: UInt = #line) {
        let text = buffer.text() + "\n"
        let url = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["SINOAI_UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try! text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden \(name).txt; run with SINOAI_UPDATE_GOLDEN=1", file: file, line: line)
            return
        }
        if expected != text {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            XCTFail("frame \(name) differs from golden at line \(first + 1):\nexpected: \(first < a.count ? String(a[first]) : "<none>")\n  actual: \(first < b.count ? String(b[first]) : "<none>")",
                    file: file, line: line)
        }
    }
}

enum TestData {
    static var snapshot: Snapshot { TestSupport.snapshot }

    /// A state with a fixed clock, so the status bar is reproducible.
    static func state(width: Int, height: Int) -> AppState {
        var state = AppState(snapshot: snapshot, dataPath: "Data", size: TerminalSize(width: width, height: height), themeNames: ["dark"])
        state.now = Date(timeIntervalSince1970: 1_795_000_000)
        state.staleAfterDays = 10_000
        return state
    }
}

extension AppState {
    /// The keys' effects, in order.
    @discardableResult
    mutating func send(_ keys: Key...) -> [Effect] {
        keys.flatMap { Reducer.reduce(&self, .key($0)) }
    }

    /// Enter on the open page: the page the link opened, or the address it copied.
    mutating func follow() -> PageLink? {
        let before = pages
        for effect in send(.enter) { if case .copyToClipboard(let url) = effect { return pages == before ? .url(url) : nil } }
        guard let opened = pages.last?.page, pages.count == before.count + 1 else { return nil }
        switch opened {
        case .firm(let id): return .company(id)
        case .event(let id): return .event(id)
        case .changes: return nil
        }
    }
}
