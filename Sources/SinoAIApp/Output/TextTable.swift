import CSystemShims
import Foundation
import SinoAIText
import SinoAIViewModel

/// A plain-text table aligned by display width, so Chinese names keep columns
/// straight. Every cell is sanitized; long cells are cut at `maxWidth` with `…`.
/// On a terminal the list commands fit it to the width (`terminalWidth`); piped, it
/// keeps its full widths so scripts see the same columns whatever runs them.
struct TextTable {
    struct Column {
        var title: String
        var alignRight = false
        var maxWidth = 48
        /// Text that may be cut to fit a narrow terminal (names, titles); figures never are.
        var shrinks = false
    }

    var columns: [Column]
    var rows: [[String]]

    /// Ends a cell whose doubt marker must survive a cut. A private-use character: data
    /// that happened to end in it would show a "?" in its place, nothing worse.
    private static let markerSentinel: Character = "\u{F8FF}"

    /// A cell with the doubt marker, kept when the text is cut to fit (the marker says
    /// a figure is low-confidence or disputed: it must not be cut off).
    static func marked(_ text: String, doubtful: Bool) -> String {
        doubtful ? text + String(markerSentinel) : text
    }

    /// A cell fitted to `width`: a marked cell is cut before its marker.
    private static func fitted(_ cell: String, to width: Int, alignRight: Bool) -> String {
        guard cell.last == markerSentinel else { return DisplayWidth.pad(cell, to: width, alignRight: alignRight) }
        let text = DisplayWidth.truncate(String(cell.dropLast()), to: max(0, width - 1)).text + Format.doubtMarker(true)
        return DisplayWidth.pad(text, to: width, alignRight: alignRight)
    }

    /// The table as text; within `width` columns when given (a terminal's width): the
    /// widest text columns (`shrinks`) give way first, down to 8, their cells cut with "…".
    func render(width: Int? = nil) -> String {
        var widths = columns.map { min(DisplayWidth.of($0.title), $0.maxWidth) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], min(DisplayWidth.of(cell), columns[i].maxWidth))
            }
        }
        if let width {
            var total = widths.reduce(0, +) + 2 * max(0, widths.count - 1)
            while total > width, let widest = widths.indices.filter({ columns[$0].shrinks }).max(by: { widths[$0] < widths[$1] }),
                  widths[widest] > 8 {
                widths[widest] -= 1
                total -= 1
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                Self.fitted(cell, to: widths[i], alignRight: columns[i].alignRight)
            }.joined(separator: "  ").trimmingTrailingWhitespace()
        }
        var out = [line(columns.map(\.title)), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        out += rows.map(line)
        return out.joined(separator: "\n") + "\n"
    }
}

extension TextTable {
    /// The width to fit list tables to: the terminal's when stdout is one (COLUMNS wins,
    /// as for other tools), nil when piped or redirected.
    static func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var rows: Int32 = 0, cols: Int32 = 0
        return sinoai_winsize(STDOUT_FILENO, &rows, &cols) != 0 ? Int(cols) : nil
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
