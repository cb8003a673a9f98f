import SinoAIViewModel

/// A horizontal bar filled to a fraction, with eighth-block precision.
public struct HBar {
    public var fraction: Double
    public var role: ColorRole
    public var ascii: Bool

    public init(fraction: Double, role: ColorRole, ascii: Bool = false) {
        self.fraction = fraction
        self.role = role
        self.ascii = ascii
    }

    static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public func render(_ area: Rect, into buffer: inout Buffer, background: ColorRole = .background) {
        guard area.width > 0, area.height > 0 else { return }
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        let total = clamped * Double(area.width)
        let full = Int(total)
        let style = Style(fg: role, bg: background)
        var text = String(repeating: ascii ? "#" : "█", count: full)
        if !ascii && full < area.width {
            text += Self.eighths[Int((total - Double(full)) * 8)]
        }
        buffer.put(text, x: area.x, y: area.y, maxWidth: area.width, style: style)
    }
}

/// A one-row trend of values in block characters (▁▂▃▄▅▆▇█).
public struct Sparkline {
    public var values: [Double]
    public var role: ColorRole
    public var ascii: Bool

    public init(values: [Double], role: ColorRole = .chartLine, ascii: Bool = false) {
        self.values = values
        self.role = role
        self.ascii = ascii
    }

    public func render(_ area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0, !values.isEmpty else { return }
        let shown = Array(values.suffix(area.width))
        let low = shown.min()!, high = shown.max()!
        let levels = ascii ? ["_", ".", "-", "~", "^", "*", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        let text = shown.map { value -> String in
            let t = high > low ? (value - low) / (high - low) : 0.5
            return levels[min(7, max(0, Int(t * 7.999)))]
        }.joined()
        buffer.put(text, x: area.x, y: area.y, maxWidth: area.width, style: Style(fg: role))
    }
}
