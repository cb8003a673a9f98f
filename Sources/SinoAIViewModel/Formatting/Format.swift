import Foundation
import SinoAIDomain

/// How figures read on screen and in tables. Unknown is always `—`.
public enum Format {
    public static let unknown = "—"

    /// Exact decimal to a fixed number of places with thousands separators, e.g.
    /// "1,258.89". Done by hand on the decimal's digits: a NumberFormatter per call cost
    /// most of a frame's time.
    public static func decimal(_ value: Decimal, places: Int) -> String {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, places, .plain)
        var digits = "\(rounded)"
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1)
        let whole = parts.first.map(String.init) ?? "0"
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        fraction += String(repeating: "0", count: max(0, places - fraction.count))
        var grouped = ""
        for (i, digit) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        let sign = negative && !(whole.allSatisfy { $0 == "0" } && fraction.allSatisfy { $0 == "0" }) ? "-" : ""
        return sign + grouped + (places > 0 ? "." + fraction.prefix(places) : "")
    }

    /// A price with two decimals, "—" when unknown.
    public static func price(_ value: Decimal?) -> String {
        value.map { decimal($0, places: 2) } ?? unknown
    }

    /// A large amount in short form: "HK$4.35bn", "CNY 344.0bn", "US$500m".
    /// "US$10.00bn"; a range "CNY 200–500bn"; a floor "≥US$29.0bn".
    public static func money(_ money: Money?) -> String {
        guard let money else { return unknown }
        if let high = money.upTo {
            let low = shortAmount(money.amount), top = shortAmount(high)
            // One unit for both ends when they share it, whole numbers without ".0".
            let unit = String(top.drop { !$0.isLetter })
            func trimmed(_ text: String) -> String {
                let number = String(text.prefix { !$0.isLetter })
                return number.contains(".") ? String(number.reversed().drop { $0 == "0" }.reversed()).trimmingCharacters(in: ["."]) : number
            }
            if !unit.isEmpty, low.hasSuffix(unit), low.dropLast(unit.count).last?.isNumber == true {
                return money.currency.symbolPrefix + trimmed(low) + "–" + trimmed(top) + unit
            }
            return money.currency.symbolPrefix + low + "–" + top
        }
        // A floor drops a decimal to make room for "≥": it is not an exact figure anyway.
        guard money.atLeast else { return money.currency.symbolPrefix + shortAmount(money.amount) }
        return "≥" + money.currency.symbolPrefix + shortAmount(money.amount, fewerPlaces: true)
    }

    /// 8000000000 → "8.0bn"; 1.2e12 → "1.2tn"; 500000000 → "500m".
    public static func shortAmount(_ amount: Decimal, fewerPlaces: Bool = false) -> String {
        let magnitude = abs(amount)
        let less = fewerPlaces ? 1 : 0
        if magnitude >= 1_000_000_000_000 { return decimal(amount / 1_000_000_000_000, places: 2 - less) + "tn" }
        if magnitude >= 1_000_000_000 {
            let bn = amount / 1_000_000_000
            return decimal(bn, places: (bn >= 100 ? 1 : 2) - less) + "bn"
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

    /// A signed score delta: "+4.5", "−2.0"; no change is "0.0" (not "±0.0", which has
    /// no same-width ASCII form for `--ascii`).
    public static func delta(_ value: Double) -> String {
        if abs(value) < 0.05 { return "0.0" }
        return (value < 0 ? "−" : "+") + String(format: "%.1f", abs(value))
    }

    /// Score points to one decimal, without a trailing ".0": "17.5", "18".
    public static func points(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    public static func score(_ value: Double?) -> String {
        value.map { String(format: "%.1f", $0) } ?? unknown
    }

    /// Local wall-clock time "HH:mm:ss" (status bar); cheap enough for every frame.
    public static func clock(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    /// A moment for the status bar: "20:28:44" today, "5 Dec 20:28" on another day (a
    /// watch runs for weeks: a time alone would not say which day).
    public static func moment(_ date: Date, now: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970), current = time_t(now.timeIntervalSince1970)
        var parts = tm(), today = tm()
        localtime_r(&seconds, &parts)
        localtime_r(&current, &today)
        if parts.tm_year == today.tm_year && parts.tm_yday == today.tm_yday { return clock(date) }
        return "\(parts.tm_mday) \(CalendarDate.monthAbbreviations[Int(parts.tm_mon)]) " + String(format: "%02d:%02d", parts.tm_hour, parts.tm_min)
    }

    public static func date(_ date: CalendarDate?) -> String {
        date?.description ?? unknown
    }

    /// " ?" when sources disagree or the figure is doubtful, else "".
    public static func doubtMarker(_ questionable: Bool) -> String { questionable ? "?" : "" }
}
