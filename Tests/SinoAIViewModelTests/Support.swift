import Foundation
import SinoAIDomain
@testable import SinoAIViewModel
import XCTest

/// The bundled snapshot, loaded once.
enum TestData {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data")

    static let snapshot: Snapshot = {
        switch SnapshotLoader.load(from: directory) {
        case .success(let snapshot): return snapshot
        case .failure(let error): fatalError("bundled snapshot invalid: \(error)")
        }
    }()

    static func state(width: Int = 120, height: Int = 40) -> AppState {
        AppState(snapshot: snapshot, dataPath: "Data", size: TerminalSize(width: width, height: height),
                 themeNames: ["dark", "light"])
    }
}

extension AppState {
    /// Sends keys through the reducer, collecting effects.
    @discardableResult
    mutating func send(_ keys: Key...) -> [Effect] {
        keys.flatMap { Reducer.reduce(&self, .key($0)) }
    }

    mutating func type(_ text: String) {
        for character in text { _ = Reducer.reduce(&self, .key(.char(character))) }
    }

    func visibleIDs(_ panel: PanelID) -> [String] {
        self.panel(panel).order.map { data.row(panel, $0).rowID }
    }
}
