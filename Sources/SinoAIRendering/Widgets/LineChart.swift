import Foundation
import SinoAIViewModel

/// A price chart in braille dots (2×4 per cell): closes as a line, intraday prices
/// as markers, the offer price as a dotted reference line, with axis labels.
public struct LineChart {
    public var series: PriceSeries
    public var ascii: Bool

    public init(series: PriceSeries, ascii: Bool = false) {
        self.series = series
        self.ascii = ascii
    }

    static func label(_ value: Double) -> String {
        value >= 1000 ? String(format: "%.0f", value) : (value >= 100 ? String(format: "%.1f", value) : String(format: "%.2f", value))
    }

    public func render(_ area: Rect, into buffer: inout Buffer) {
        guard area.width >= 12, area.height >= 3 else { return }
        let all = series.line + series.markers
        guard !all.isEmpty else {
            buffer.put(series.emptyMessage, x: area.x + 1, y: area.y, maxWidth: area.width - 1, style: Style(fg: .dim))
            return
        }
        // Prices on one day draw no line: say them instead of a chart of one column.
        if Set(all.map(\.day)).count == 1 {
            let point = all[0]
            let prices = all.map { series.currencyPrefix + String(format: "%.2f", $0.price) + ($0.doubtful ? "?" : "") }
            let offer = series.offer.map { " (offer " + series.currencyPrefix + String(format: "%.2f", $0) + ")" } ?? ""
            buffer.putElided("Prices known for one day only: \(point.date) " + prices.joined(separator: ", ") + offer,
                             x: area.x + 1, y: area.y, maxWidth: area.width - 1, style: Style(fg: .dim))
            return
        }
        var low = all.map(\.price).min()!
        var high = all.map(\.price).max()!
        if let offer = series.offer { low = min(low, offer); high = max(high, offer) }
        if high - low < 1e-9 { high = low + 1; low = max(0, low - 1) }
        let padding = (high - low) * 0.05
        low = max(0, low - padding)
        high += padding
        let firstDay = all.map(\.day).min()!
        var lastDay = all.map(\.day).max()!
        if lastDay == firstDay { lastDay = firstDay + 1 }

        let labelWidth = max(Self.label(high).count, Self.label(low).count) + 1
        let plot = Rect(x: area.x + labelWidth, y: area.y, width: area.width - labelWidth, height: area.height - 1)
        guard plot.width >= 4, plot.height >= 2 else { return }
        let dotsX = plot.width * 2, dotsY = plot.height * 4
        func dx(_ day: Int) -> Int { Int((Double(day - firstDay) / Double(lastDay - firstDay) * Double(dotsX - 1)).rounded()) }
        func dy(_ price: Double) -> Int { Int(((high - price) / (high - low) * Double(dotsY - 1)).rounded()) }

        var dots = [UInt8](repeating: 0, count: plot.width * plot.height)
        func set(_ x: Int, _ y: Int) {
            guard x >= 0, y >= 0, x < dotsX, y < dotsY else { return }
            let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            dots[(y / 4) * plot.width + x / 2] |= bits[x % 2][y % 4]
        }
        // Offer line first, so the price line draws over it.
        if let offer = series.offer {
            let y = dy(offer)
            for x in stride(from: 0, to: dotsX, by: 3) { set(x, y) }
        }
        let offerRow = series.offer.map { dy($0) / 4 }
        var previous: (Int, Int)?
        for point in series.line {
            let p = (dx(point.day), dy(point.price))
            if let q = previous { Self.segment(from: q, to: p, plot: set) } else { set(p.0, p.1) }
            previous = p
        }
        for y in 0..<plot.height {
            for x in 0..<plot.width {
                let bits = dots[y * plot.width + x]
                guard bits != 0 else { continue }
                let symbol = ascii ? (y == offerRow ? "-" : "*") : String(Character(Unicode.Scalar(0x2800 + UInt32(bits))!))
                let isOfferOnly = y == offerRow && !series.line.contains { dy($0.price) / 4 == y && dx($0.day) / 2 == x }
                buffer.put(symbol, x: plot.x + x, y: plot.y + y, style: Style(fg: isOfferOnly ? .chartOffer : .chartLine))
            }
        }
        for marker in series.markers {
            buffer.put(ascii ? "x" : "×", x: plot.x + dx(marker.day) / 2, y: plot.y + dy(marker.price) / 4, style: Style(fg: .warning))
        }
        // Axes: high, low and offer labels on the left; first and last date below.
        let labelStyle = Style(fg: .dim)
        buffer.putFitted(Self.label(high), x: area.x, y: plot.y, width: labelWidth - 1, style: labelStyle, alignRight: true)
        buffer.putFitted(Self.label(low), x: area.x, y: plot.maxY - 1, width: labelWidth - 1, style: labelStyle, alignRight: true)
        if let offer = series.offer, let row = offerRow, row > 0, row < plot.height - 1 {
            buffer.putFitted(Self.label(offer), x: area.x, y: plot.y + row, width: labelWidth - 1, style: Style(fg: .chartOffer), alignRight: true)
        }
        let first = all.min { $0.day < $1.day }!.date.description
        let last = all.max { $0.day < $1.day }!.date.description
        let axisY = area.maxY - 1
        buffer.put(first, x: plot.x, y: axisY, maxWidth: plot.width, style: labelStyle)
        if plot.width > first.count + last.count + 2 {
            buffer.put(last, x: plot.maxX - last.count, y: axisY, style: labelStyle)
        }
        // Only what the chart draws, each sample as it is drawn: in its colour, the offer
        // as a dotted run (it is drawn one dot in three). Tighter forms when room is short.
        let room = plot.maxX - last.count - 2 - (plot.x + first.count + 2)
        for form in Self.legendForms(series, ascii: ascii) {
            let width = form.parts.reduce(0) { $0 + $1.symbol.count + $1.name.count } + form.gap.count * (form.parts.count - 1)
            guard width <= room else { continue }
            var x = plot.x + first.count + 2 + (room - width) / 2
            for (i, part) in form.parts.enumerated() {
                x += buffer.put(part.symbol, x: x, y: axisY, style: Style(fg: part.role))
                x += buffer.put(part.name + (i < form.parts.count - 1 ? form.gap : ""), x: x, y: axisY, style: labelStyle)
            }
            break
        }
    }

    /// The legend, widest form first: names spaced apart; closer; the markers only "other".
    static func legendForms(_ series: PriceSeries, ascii: Bool) -> [(parts: [(symbol: String, name: String, role: ColorRole)], gap: String)] {
        func parts(_ space: String, markers: String) -> [(symbol: String, name: String, role: ColorRole)] {
            var parts: [(symbol: String, name: String, role: ColorRole)] = []
            if !series.line.isEmpty { parts.append((ascii ? "*" : "⠒", space + "close", .chartLine)) }
            if !series.markers.isEmpty { parts.append((ascii ? "x" : "×", space + markers, .warning)) }
            if series.offer != nil { parts.append((ascii ? "- -" : "⠂⠐⠂", space + "offer", .chartOffer)) }
            return parts
        }
        return [(parts(" ", markers: series.markersName), "  "), (parts(" ", markers: series.markersName), " "),
                (parts("", markers: series.markersName), " "), (parts("", markers: "other"), " ")]
    }

    /// Bresenham's line between two dot positions.
    static func segment(from a: (Int, Int), to b: (Int, Int), plot: (Int, Int) -> Void) {
        var (x0, y0) = a
        let (x1, y1) = b
        let dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1
        let dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            plot(x0, y0)
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x0 += sx }
            if e2 <= dx { err += dx; y0 += sy }
        }
    }
}
