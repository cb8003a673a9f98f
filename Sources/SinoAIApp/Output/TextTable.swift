import SinoAIText
import SinoAIViewModel

/// A plain-text table aligned by display width, so Chinese names keep columns
/// straight. Every cell is sanitized; long cells are cut at `maxWidth` with `…`.
struct TextTable {
    struct Column {
        var title: String
        var alignRight = false
        var maxWidth = 48
    }

    var columns: [Column]
    var rows: [[String]]

    /// A cell with the doubt marker kept when the text is cut to `maxWidth` (the
    /// marker says a figure is low-confidence or disputed: it must not be cut off).
    static func marked(_ text: String, doubtful: Bool, maxWidth: Int) -> String {
        guard doubtful else { return text }
        return DisplayWidth.truncate(text, to: maxWidth - 1).text + Format.doubtMarker(true)
    }

    func render() -> String {
        var widths = columns.map { min(DisplayWidth.of($0.title), $0.maxWidth) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], min(DisplayWidth.of(cell), columns[i].maxWidth))
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                DisplayWidth.pad(cell, to: widths[i], alignRight: columns[i].alignRight)
            }.joined(separator: "  ").trimmingTrailingWhitespace()
        }
        var out = [line(columns.map(\.title)), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
