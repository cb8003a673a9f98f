import Foundation
import SinoAIDomain
import SinoAITestSupport
@testable import SinoAIViewModel
import XCTest

/// The bundled snapshot and states built on it.
enum TestData {
    static var snapshot: Snapshot { TestSupport.snapshot }

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

    /// Sorts `panel` as `sort` says (without cycling with `s`).
    mutating func sort(_ panel: PanelID, by sort: SortState) {
        var state = self.panel(panel)
        state.sort = sort
        panels[panel] = state
        refreshOrder(panel)
    }

    func visibleIDs(_ panel: PanelID) -> [String] {
        self.panel(panel).order.map { data.row(panel, $0).rowID }
    }
}

extension Snapshot {
    /// This snapshot with some of its records replaced and the rest kept: the next
    /// snapshot of a reload, or a variant to render.
    func replacing(companies: [Company]? = nil, ipos: [IPO]? = nil, events: [PolicyEvent]? = nil,
                   riskModel: RiskModel? = nil) -> Snapshot {
        Snapshot(manifest: manifest, companies: companies ?? self.companies, ipos: ipos ?? self.ipos,
                 events: events ?? self.events, riskModel: riskModel ?? self.riskModel)
    }
}
