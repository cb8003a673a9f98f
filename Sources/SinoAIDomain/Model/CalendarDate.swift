/// An ISO 8601 calendar date that may be reduced to a month or a year ("2023-07",
/// "2014"), because many facts are only known to that precision.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Comparable {
        case year, month, day
        public static func < (a: Precision, b: Precision) -> Bool { a.rawValue < b.rawValue }
    }

    /// year << 9 | month << 5 | day, with 0 for a missing month or day: four bytes per
    /// date (a snapshot holds millions) that also sort in calendar order.
    private let packed: UInt32

    public var year: Int { Int(packed >> 9) }
    public var month: Int? { let m = Int(packed >> 5 & 0xF); return m == 0 ? nil : m }
    public var day: Int? { let d = Int(packed & 0x1F); return d == 0 ? nil : d }

    public var precision: Precision { day != nil ? .day : (month != nil ? .month : .year) }

    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1000...9999).contains(year) else { return nil }
        if let month, !(1...12).contains(month) { return nil }
        if let day {
            guard let month, (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        }
        packed = UInt32(year) << 9 | UInt32(month ?? 0) << 5 | UInt32(day ?? 0)
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(iso text: String) {
        var text = text
        guard let date = text.withUTF8({ CalendarDate(isoBytes: $0) }) else { return nil }
        self = date
    }

    /// The same from UTF-8 bytes (the loader reads dates without making a string).
    init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 4 || bytes.count == 7 || bytes.count == 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                let byte = bytes[i]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4) else { return nil }
        var month: Int?
        var day: Int?
        if bytes.count >= 7 {
            guard bytes[4] == UInt8(ascii: "-"), let value = number(5..<7) else { return nil }
            month = value
        }
        if bytes.count == 10 {
            guard bytes[7] == UInt8(ascii: "-"), let value = number(8..<10) else { return nil }
            day = value
        }
        self.init(year: year, month: month, day: day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The ISO form at its own precision.
    public var description: String {
        var text = String(format: "%04d", year)
        if let month { text += String(format: "-%02d", month) }
        if let day { text += String(format: "-%02d", day) }
        return text
    }

    /// Reduced dates sort before full dates of the same period ("2025-01" < "2025-01-15").
    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.packed < b.packed }

    /// Days since 1970-01-01 of the first day of the period (for charts and day counts).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let m = month ?? 1, d = day ?? 1
        let y = m <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The last day of the period: itself for a full date, the month's last day for
    /// "2025-07", 31 December for "2025".
    public var lastDay: CalendarDate {
        guard day == nil else { return self }
        let month = month ?? 12
        return CalendarDate(year: year, month: month, day: Self.daysIn(month: month, year: year))!
    }

    /// Whether any day of this period is on or after `date` ("2025-07" is, for 2025-07-15).
    public func mayFallOnOrAfter(_ date: CalendarDate) -> Bool { !(lastDay < date) }

    /// "Jan" … "Dec", as every date on screen spells months.
    public static let monthAbbreviations = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A human form: "8 Jan 2026", "Jul 2023", "2014".
    public var display: String {
        let names = Self.monthAbbreviations
        guard let month else { return String(year) }
        guard let day else { return "\(names[month - 1]) \(year)" }
        return "\(day) \(names[month - 1]) \(year)"
    }
}
