import Foundation
@testable import SinoAIApp
import XCTest

/// Tables are aligned by display width: a Chinese character takes two columns, so
/// padding by character count would push every later column right.
final class TableAlignmentTests: XCTestCase {
    private func table(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [Substring] {
        let result = try CLI.run(arguments + ["--data", Golden.fixture.path], file: file, line: line)
        XCTAssertEqual(result.status, 0, result.transcript, file: file, line: line)
        return result.stdoutLines
    }

    func testSegmentColumnStartsAtTheSameDisplayColumnOnEveryRow() throws {
        let lines = try table(["companies"])
        XCTAssertEqual(lines.count, 5, "header, rule, three rows")
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.contains("中文名"), "the header itself has a wide title")
        let start = try XCTUnwrap(DisplayColumns.column(of: "Segment", in: header))
        let expected = ["test-lab-a": "Model lab", "test-chip-b": "AI chips", "test-app-c": "AI apps"]
        var sawChinese = false
        for row in lines.dropFirst(2) {
            let id = String(row.prefix { $0 != " " })
            let label = try XCTUnwrap(expected[id], "unexpected row \(row)")
            XCTAssertEqual(DisplayColumns.column(of: "  " + label + " ", in: row).map { $0 + 2 }, start,
                           "Segment of \(id) should start at display column \(start): \(row)")
            if row.unicodeScalars.contains(where: { DisplayColumns.width($0) == 2 }) { sawChinese = true }
        }
        XCTAssertTrue(sawChinese, "at least one row has a Chinese name")
        // The check is meaningful: counted in characters instead, the rows would differ.
        let byCharacters = Set(lines.dropFirst(2).compactMap { row in row.range(of: " Model lab").map { row.distance(from: row.startIndex, to: $0.lowerBound) } })
        XCTAssertFalse(byCharacters.contains(start - 1), "a character count would not line up with the display columns")
    }

    func testEveryCompaniesColumnIsAligned() throws {
        // Valuation, vs IPO and Risk are right-aligned.
        try assertAligned(table(["companies"]), rightAligned: [6, 8, 9], columns: 11)
    }

    func testEveryIPOsColumnIsAligned() throws {
        try assertAligned(table(["ipos"]), rightAligned: [3, 4, 5, 6, 7, 8, 9], columns: 11)
    }

    func testEveryPoliciesColumnIsAligned() throws {
        try assertAligned(table(["policies"]), rightAligned: [4], columns: 6)
    }

    /// Column k spans `starts[k] ..< starts[k] + widths[k]` in display columns, as the
    /// rule line under the header shows; every row must put its cell inside that span,
    /// with two spaces between columns.
    private func assertAligned(_ lines: [Substring], rightAligned: Set<Int>, columns: Int,
                               file: StaticString = #filePath, line: UInt = #line) {
        guard lines.count > 2 else { return XCTFail("no table rows", file: file, line: line) }
        let rule = DisplayColumns.cells(lines[1])
        var spans: [Range<Int>] = []
        var i = 0
        while i < rule.count {
            if rule[i] == "─" {
                let start = i
                while i < rule.count, rule[i] == "─" { i += 1 }
                spans.append(start..<i)
            } else {
                XCTAssertEqual(rule[i], " ", "the rule line has only ─ and spaces", file: file, line: line)
                i += 1
            }
        }
        XCTAssertEqual(spans.count, columns, "rule: \(lines[1])", file: file, line: line)
        for (a, b) in zip(spans, spans.dropFirst()) {
            XCTAssertEqual(b.lowerBound - a.upperBound, 2, "two spaces between columns", file: file, line: line)
        }
        for row in [lines[0]] + lines.dropFirst(2) {
            let cells = DisplayColumns.cells(row)
            func cell(_ index: Int) -> Unicode.Scalar? { index < cells.count ? cells[index] : " " }
            func isBlank(_ index: Int) -> Bool { cell(index) == " " }
            for (k, span) in spans.enumerated() {
                if k > 0 {
                    XCTAssertTrue(isBlank(span.lowerBound - 1) && isBlank(span.lowerBound - 2),
                                  "gap before column \(k) in: \(row)", file: file, line: line)
                }
                let content = span.filter { !isBlank($0) }
                guard let first = content.first, let last = content.last else { continue }  // an empty cell
                if rightAligned.contains(k) {
                    XCTAssertEqual(last, span.upperBound - 1, "column \(k) should end at \(span.upperBound - 1) in: \(row)",
                                   file: file, line: line)
                } else {
                    XCTAssertEqual(first, span.lowerBound, "column \(k) should start at \(span.lowerBound) in: \(row)",
                                   file: file, line: line)
                }
            }
            XCTAssertLessThanOrEqual(cells.count, spans.last!.upperBound, "nothing past the last column: \(row)",
                                     file: file, line: line)
        }
    }

    /// On a terminal, list tables fit its width: the widest columns give way, cut with "…",
    /// Chinese text still aligned and never split.
    func testTablesFitTheTerminalsWidth() {
        let table = TextTable(columns: [.init(title: "ID"), .init(title: "Title", maxWidth: 60, shrinks: true),
                                        .init(title: "名", maxWidth: 16, shrinks: true)],
                              rows: [["a", String(repeating: "long words ", count: 6), "北京智谱华章科技"], ["b", "short", "摩尔线程"]])
        for width in [80, 40, 31] {
            let lines = table.render(width: width).split(separator: "\n")
            for line in lines { XCTAssertLessThanOrEqual(DisplayColumns.width(line), width, "\(width): \(line)") }
            XCTAssertTrue(lines.dropFirst(2).allSatisfy { !$0.contains("\u{FFFD}") })
        }
        XCTAssertTrue(table.render(width: 31).contains("…"))
        XCTAssertEqual(table.render(), table.render(width: nil), "piped: full widths")
        let marked = TextTable(columns: [.init(title: "Title", maxWidth: 60, shrinks: true)],
                               rows: [[TextTable.marked("CAC reportedly tells ByteDance to stop", doubtful: true)]])
        XCTAssertEqual(marked.render(width: 12).split(separator: "\n").last, "CAC report…?", "the doubt marker survives the cut")
        XCTAssertEqual(marked.render().split(separator: "\n").last, "CAC reportedly tells ByteDance to stop?")
    }
}
