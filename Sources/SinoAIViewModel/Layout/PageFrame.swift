/// Where a detail page's parts go inside its body: the box's interior, the title row,
/// the price chart (firm pages with room for it) and the rows. The reducer (cursor,
/// Enter, mouse) and the renderer both lay a page out through this, so the rows one
/// counts and wraps are exactly the rows the other draws.
public struct PageFrame: Hashable, Sendable {
    /// Inside the page's border: the width lines are wrapped to.
    public var inner: Rect
    /// The title row.
    public var title: Rect
    /// The chart, when the page has one and the body has room for it.
    public var chart: Rect?
    /// The page's rows, below the title and the chart.
    public var rows: Rect

    /// `body` is the page's whole area, border included.
    public init(body: Rect, hasChart: Bool) {
        inner = Self.interior(of: body)
        let (title, rest) = inner.splitTop(min(1, inner.height))
        self.title = title
        let chartHeight = hasChart && body.height >= 22 ? min(12, body.height / 3) : 0
        if chartHeight > 0 {
            let (chart, rows) = rest.splitTop(chartHeight)
            self.chart = chart
            self.rows = rows
        } else {
            chart = nil
            rows = rest
        }
    }

    /// Below this body height a chart gives its rows to the text once the page scrolls.
    static let pinnedChartHeight = 40

    /// The frame a page is shown in and its cursor, revealed in it. On a short screen
    /// (under `pinnedChartHeight` rows) the chart shows only while the cursor fits under
    /// it at the top of the page; further down the text takes its rows. A pure function
    /// of the cursor, so the reducer (which stores the result) and the renderer agree.
    public static func fit(_ cursor: ListCursor, rowCount: Int, body: Rect, hasChart: Bool) -> (frame: PageFrame, cursor: ListCursor) {
        let pinned = PageFrame(body: body, hasChart: hasChart)
        var atTop = cursor
        atTop.reveal(count: rowCount, visible: pinned.visibleRows)
        guard pinned.chart != nil, body.height < pinnedChartHeight, atTop.top > 0 else { return (pinned, atTop) }
        let full = PageFrame(body: body, hasChart: false)
        var scrolled = cursor
        scrolled.reveal(count: rowCount, visible: full.visibleRows)
        return (full, scrolled)
    }

    /// Inside the border of `body` (empty when there is no room for one): the width a
    /// page is wrapped to.
    public static func interior(of body: Rect) -> Rect {
        body.width >= 2 && body.height >= 2 ? body.inset() : .zero
    }

    /// Page rows visible at once (at least 1, so the cursor always has a place).
    public var visibleRows: Int { max(1, rows.height) }
}
