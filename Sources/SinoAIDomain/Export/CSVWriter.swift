/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted; quotes doubled.
public enum CSVWriter {
    public static func write(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.hasPrefix(" ") || value.hasSuffix(" ")
        // Spreadsheet formula injection: a leading =, +, -, @ is neutralised with a quote.
        var text = value
        if let first = text.first, "=+@".contains(first) || (first == "-" && Double(text) == nil) {
            text = "'" + text
        }
        return needsQuotes || text != value ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

import Foundation
