import Foundation

/// One day of a vendor's OHLCV export.
public struct DailyPrice: Sendable, Hashable {
    public var date: CalendarDate
    public var open: Decimal?
    public var high: Decimal?
    public var low: Decimal?
    public var close: Decimal
    public var volume: Decimal?
}

/// A problem in a price file, by line number.
public struct PriceFileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Every problem of a price file.
public struct PriceFileProblems: Error, Sendable {
    public var problems: [PriceFileProblem]
}

/// Reads the common daily-price export layout:
/// `Date,Open,High,Low,Close[,Adj Close],Volume` (header first, dates as YYYY-MM-DD).
/// Every bad row is reported; a file with any problem yields no prices.
public enum PriceCSV {
    public static func parse(_ text: String) -> Result<[DailyPrice], PriceFileProblems> {
        var problems: [PriceFileProblem] = []
        var prices: [DailyPrice] = []
        var seen: [CalendarDate: Int] = [:]
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard let headerLine = lines.first, !headerLine.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(PriceFileProblems(problems: [PriceFileProblem(line: 1, message: "empty file; expected a header Date,Open,High,Low,Close[,Adj Close],Volume")]))
        }
        let header = (fields(of: headerLine) ?? [headerLine])
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "\u{FEFF}", with: "") }
        let expected6 = ["date", "open", "high", "low", "close", "volume"]
        let expected7 = ["date", "open", "high", "low", "close", "adj close", "volume"]
        guard header == expected6 || header == expected7 else {
            return .failure(PriceFileProblems(problems: [PriceFileProblem(line: 1, message: "unexpected header \"\(Text.escaped(headerLine, limit: 80))\"; expected Date,Open,High,Low,Close[,Adj Close],Volume")]))
        }
        let closeIndex = 4
        let volumeIndex = header.count - 1
        for (offset, line) in lines.enumerated().dropFirst() {
            let lineNumber = offset + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if Text.containsControlCharacters(line) {
                problems.append(PriceFileProblem(line: lineNumber, message: "control characters in the row"))
                continue
            }
            guard let fields = fields(of: line)?.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
                problems.append(PriceFileProblem(line: lineNumber, message: "a quoted field is not closed"))
                continue
            }
            guard fields.count == header.count else {
                problems.append(PriceFileProblem(line: lineNumber, message: "expected \(header.count) fields, found \(fields.count)"))
                continue
            }
            // A day the market was shut (Yahoo-style "null" everywhere) carries no price.
            if fields.dropFirst().allSatisfy({ $0.isEmpty || $0.lowercased() == "null" }) { continue }
            guard let date = CalendarDate(iso: fields[0]), date.precision == .day else {
                problems.append(PriceFileProblem(line: lineNumber, message: "invalid date \"\(Text.escaped(fields[0], limit: 20))\" (expected YYYY-MM-DD)"))
                continue
            }
            func number(_ index: Int, name: String, required: Bool) -> Decimal?? {
                let text = fields[index]
                if text.isEmpty || text.lowercased() == "null" {
                    if required { problems.append(PriceFileProblem(line: lineNumber, message: "\(name) is missing")); return nil }
                    return .some(nil)
                }
                let digits = withoutGrouping(text)
                guard let value = ObjectReader.decimal(digits), Double(digits)?.isFinite == true else {
                    problems.append(PriceFileProblem(line: lineNumber, message: "\(name) \"\(Text.escaped(text, limit: 20))\" is not a number"))
                    return nil
                }
                if value < 0 {
                    problems.append(PriceFileProblem(line: lineNumber, message: "\(name) must not be negative"))
                    return nil
                }
                return .some(value)
            }
            let before = problems.count
            let open = number(1, name: "Open", required: false)
            let high = number(2, name: "High", required: false)
            let low = number(3, name: "Low", required: false)
            let close = number(closeIndex, name: "Close", required: true)
            let volume = number(volumeIndex, name: "Volume", required: false)
            guard problems.count == before, let close = close ?? nil else { continue }
            if close == 0 {
                problems.append(PriceFileProblem(line: lineNumber, message: "Close is 0"))
                continue
            }
            if let low = low ?? nil, let high = high ?? nil, close < low || close > high {
                problems.append(PriceFileProblem(line: lineNumber, message: "Close \(close) is outside the day's Low \(low) – High \(high)"))
                continue
            }
            if let earlier = seen[date] {
                problems.append(PriceFileProblem(line: lineNumber, message: "date \(date) already on line \(earlier)"))
                continue
            }
            seen[date] = lineNumber
            prices.append(DailyPrice(date: date, open: open ?? nil, high: high ?? nil, low: low ?? nil, close: close, volume: volume ?? nil))
        }
        if prices.isEmpty && problems.isEmpty {
            problems.append(PriceFileProblem(line: lines.count, message: "no price rows after the header"))
        }
        return problems.isEmpty ? .success(prices.sorted { $0.date < $1.date }) : .failure(PriceFileProblems(problems: problems))
    }

    /// The fields of one CSV line (RFC 4180: a field may be quoted, `""` is a quote
    /// inside one); nil when a quote is left open.
    static func fields(of line: String) -> [String]? {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote is a quote; a single one ends the quoted part.
                    guard let next = iterator.next() else { quoted = false; break }
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        if next == "," { fields.append(field); field = "" } else { field.append(next) }
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        if quoted { return nil }
        fields.append(field)
        return fields
    }

    /// "1,234.5" → "1234.5": exports written for spreadsheets group thousands (the
    /// field is then quoted). Anything not grouped in threes is left for the number check.
    static func withoutGrouping(_ text: String) -> String {
        guard text.contains(",") else { return text }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        // "1.234,56" (a decimal comma) is not grouping: left for the number check to refuse.
        guard parts.count == 1 || !parts[1].contains(",") else { return text }
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }),
              groups.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return text }
        return text.replacingOccurrences(of: ",", with: "")
    }
}
