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
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false)
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
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == header.count else {
                problems.append(PriceFileProblem(line: lineNumber, message: "expected \(header.count) fields, found \(fields.count)"))
                continue
            }
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
                guard let value = ObjectReader.decimal(text), Double(text)?.isFinite == true else {
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
}
