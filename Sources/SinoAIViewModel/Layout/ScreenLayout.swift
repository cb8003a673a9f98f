/// Where each part of a panel goes: its frame, the table (header row included) and
/// an optional area below the table (the IPO chart, the event detail, US controls).
public struct PanelLayout: Hashable, Sendable {
    public var frame: Rect
    public var table: Rect
    public var extra: Rect?

    /// Rows of data the table shows (its height less the header row).
    public var visibleRows: Int { max(0, table.height - 1) }

    public static func make(_ panel: PanelID, frame: Rect) -> PanelLayout {
        let inner = frame.inset()
        let extraHeight: Int
        switch panel {
        case .companies: extraHeight = 0
        case .ipos: extraHeight = inner.height >= 14 ? max(7, inner.height * 2 / 5) : 0
        case .policies: extraHeight = inner.height >= 11 ? 4 : 0
        case .risk: extraHeight = inner.height >= 13 ? min(6, inner.height / 3) : 0
        }
        guard extraHeight > 0 else { return PanelLayout(frame: frame, table: inner, extra: nil) }
        let (table, extra) = inner.splitBottom(extraHeight)
        return PanelLayout(frame: frame, table: table, extra: extra)
    }
}

/// The screen's regions for a state: too small, the dashboard, or a detail page.
public enum ScreenLayout: Hashable, Sendable {
    case tooSmall
    /// `tabs` is true in single-panel mode (a tab bar in the header row).
    case dashboard(header: Rect, panels: [PanelID: PanelLayout], banner: Rect?, status: Rect, tabs: Bool)
    case page(header: Rect, body: Rect, banner: Rect?, status: Rect)

    public static func make(size: TerminalSize, state: AppState) -> ScreenLayout {
        if size.isTooSmall { return .tooSmall }
        let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let (header, rest) = screen.splitTop(1)
        var (body, status) = rest.splitBottom(1)
        var banner: Rect?
        if state.banner != nil {
            let split = body.splitBottom(1)
            body = split.0
            banner = split.1
        }
        if !state.pages.isEmpty {
            return .page(header: header, body: body, banner: banner, status: status)
        }
        if let zoomed = state.zoomed {
            return .dashboard(header: header, panels: [zoomed: PanelLayout.make(zoomed, frame: body)], banner: banner,
                              status: status, tabs: true)
        }
        if size.fitsGrid {
            let leftWidth = body.width / 2
            let topHeight = body.height / 2
            let (left, right) = body.splitLeft(leftWidth)
            let (topLeft, bottomLeft) = left.splitTop(topHeight)
            let (topRight, bottomRight) = right.splitTop(topHeight)
            return .dashboard(header: header, panels: [
                .companies: PanelLayout.make(.companies, frame: topLeft),
                .ipos: PanelLayout.make(.ipos, frame: topRight),
                .policies: PanelLayout.make(.policies, frame: bottomLeft),
                .risk: PanelLayout.make(.risk, frame: bottomRight),
            ], banner: banner, status: status, tabs: false)
        }
        return .dashboard(header: header, panels: [state.focus: PanelLayout.make(state.focus, frame: body)], banner: banner,
                          status: status, tabs: true)
    }

    /// Data rows visible in a panel (0 when it is not on screen).
    public func visibleRows(_ panel: PanelID) -> Int {
        if case .dashboard(_, let panels, _, _, _) = self { return panels[panel]?.visibleRows ?? 0 }
        return 0
    }

    /// Rows of a page body available for lines (below the chart, if any).
    public var pageBody: Rect? {
        if case .page(_, let body, _, _) = self { return body }
        return nil
    }
}
