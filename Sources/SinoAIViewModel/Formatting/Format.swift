import Foundation
import SinoAIDomain

/// How figures read on screen and in tables. Unknown is always `—`.
public enum Format {
    public static let unknown = "—"

    /// Exact decimal to a fixed number of places, e.g. "114.28".
    public static func decimal(_ value: Decimal, places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        let number = NSDecimalNumber(decimal: rounded)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = places
        formatter.maximumFractionDigits = places
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.groupingSize = 3
        return formatter.string(from: number) ?? "\(rounded)"
    }

    /// A price with two decimals, "—" when unknown.
    public static func price(_ value: Decimal?) -> String {
        value.map { decimal($0, places: 2) } ?? unknown
    }

    /// A large amount in short form: "HK$4.35bn", "CNY 344.0bn", "US$500m".
    public static func money(_ money: Money?) -> String {
        guard let money else { return unknown }
        return money.currency.symbolPrefix + shortAmount(money.amount)
    }

    /// 8000000000 → "8.0bn"; 1.2e12 → "1.2tn"; 500000000 → "500m".
    public static func shortAmount(_ amount: Decimal) -> String {
        let magnitude = abs(amount)
        if magnitude >= 1_000_000_000_000 { return decimal(amount / 1_000_000_000_000, places: 2) + "tn" }
        if magnitude >= 1_000_000_000 {
            let bn = amount / 1_000_000_000
            return decimal(bn, places: bn >= 100 ? 1 : 2) + "bn"
        }
        if magnitude >= 1_000_000 { return decimal(amount / 1_000_000, places: 0) + "m" }
        return decimal(amount, places: 2)
    }

    /// "+425.0%", "−16.5%", "—".
    public static func percent(_ value: Decimal?, places: Int = 1) -> String {
        guard let value else { return unknown }
        let text = decimal(abs(value), places: places)
        return (value < 0 ? "−" : "+") + text + "%"
    }

    /// A signed score delta: "+4.5", "−2.0", "±0.0".
    public static func delta(_ value: Double) -> String {
        if abs(value) < 0.05 { return "±0.0" }
        return (value < 0 ? "−" : "+") + String(format: "%.1f", abs(value))
    }

    public static func score(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? unknown
    }

    public static func date(_ date: CalendarDate?) -> String {
        date?.description ?? unknown
    }

    /// " ?" when sources disagree or the figure is doubtful, else "".
    public static func doubtMarker(_ questionable: Bool) -> String { questionable ? "?" : "" }
}
