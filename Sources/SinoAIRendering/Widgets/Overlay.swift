import SinoAIText
import SinoAIViewModel

/// A centered modal box drawn over whatever is below, clearing its area.
public struct Overlay {
    public var title: String
    public var lines: [(text: String, style: Style)]
    public var borders: BorderSet

    public init(title: String, lines: [(text: String, style: Style)], borders: BorderSet) {
        self.title = title
        self.lines = lines
        self.borders = borders
    }

    public func render(in screen: Rect, into buffer: inout Buffer) {
        let contentWidth = lines.map { DisplayWidth.of($0.text) }.max() ?? 0
        let width = min(screen.width - 2, max(contentWidth, DisplayWidth.of(title) + 2) + 4)
        let height = min(screen.height - 2, lines.count + 2)
        guard width >= 6, height >= 3 else { return }
        let area = screen.centered(width: width, height: height)
        let inner = Box(title: title, focused: true, borders: borders).render(area, into: &buffer)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            buffer.put(line.text, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, style: line.style)
        }
        if lines.count > inner.height {
            buffer.put("…", x: inner.maxX - 2, y: inner.maxY - 1, style: Style(fg: .dim))
        }
    }
}

/// Wrapped text in an area, cut at its height.
public struct Paragraph {
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .normal) {
        self.text = text
        self.style = style
    }

    @discardableResult
    public func render(_ area: Rect, into buffer: inout Buffer) -> Int {
        guard area.width > 0, area.height > 0 else { return 0 }
        var lines = DisplayWidth.wrap(text, width: area.width)
        if lines.count > area.height {
            // The last line that fits says there is more.
            lines = Array(lines.prefix(area.height))
            let last = lines[lines.count - 1]
            lines[lines.count - 1] = DisplayWidth.truncate(last + " …", to: area.width).text
        }
        for (i, line) in lines.enumerated() {
            buffer.put(line, x: area.x, y: area.y + i, maxWidth: area.width, style: style)
        }
        return min(lines.count, area.height)
    }
}
