/// The four dashboard panels, in Tab order and by their zoom keys 1–4.
public enum PanelID: Int, CaseIterable, Sendable, Hashable {
    case companies, ipos, policies, risk

    public var title: String {
        switch self {
        case .companies: "Companies"
        case .ipos: "IPO performance"
        case .policies: "Policy timeline"
        case .risk: "Export-control risk"
        }
    }

    /// A short name for the tab bar.
    public var shortTitle: String {
        switch self {
        case .companies: "Companies"
        case .ipos: "IPOs"
        case .policies: "Policy"
        case .risk: "Risk"
        }
    }

    /// The digit that zooms it.
    public var number: Int { rawValue + 1 }

    public var next: PanelID { PanelID(rawValue: (rawValue + 1) % 4)! }
    public var previous: PanelID { PanelID(rawValue: (rawValue + 3) % 4)! }
}

/// A detail page on the navigation stack.
public enum Page: Hashable, Sendable {
    case firm(String)
    case event(String)
    case changes

    public var breadcrumb: String {
        switch self {
        case .firm(let id): id
        case .event(let id): id
        case .changes: "changes"
        }
    }
}

/// Cursor of a scrolling list: the selected line and the first visible line.
public struct ListCursor: Hashable, Sendable {
    public var selected: Int = 0
    public var top: Int = 0

    public init(selected: Int = 0, top: Int = 0) {
        self.selected = selected
        self.top = top
    }

    /// Moves the selection by `delta` within `count` lines, keeping it visible in
    /// `visible` lines.
    public mutating func move(by delta: Int, count: Int, visible: Int) {
        guard count > 0 else { self = ListCursor(); return }
        selected = min(max(0, selected + delta), count - 1)
        reveal(count: count, visible: visible)
    }

    /// PgDn / PgUp: the selection moves a screen (less one line of context) and the
    /// view scrolls with it, so the next screen shows; at either end it stops at the
    /// first or last row.
    public mutating func page(_ direction: Int, count: Int, visible: Int) {
        let visible = max(1, visible)
        guard count > 0 else { self = ListCursor(); return }
        let step = max(1, visible - 1) * direction
        selected = min(max(0, selected + step), count - 1)
        top = min(max(0, top + step), max(0, count - visible))
        reveal(count: count, visible: visible)
    }

    public mutating func jump(to index: Int, count: Int, visible: Int) {
        move(by: index - selected, count: count, visible: visible)
    }

    /// Scrolls so the selection is on screen and no empty space is left at the end.
    public mutating func reveal(count: Int, visible: Int) {
        let visible = max(1, visible)
        guard count > 0 else { self = ListCursor(); return }
        selected = min(max(0, selected), count - 1)
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = max(0, min(top, max(0, count - visible)))
    }
}
