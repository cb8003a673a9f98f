import Foundation

/// A JSON number literal (already validated by the tape builder) read as an integer
/// significand and a power of ten, so the common short numbers of a snapshot become
/// exact `Decimal`s and correctly rounded `Double`s without going through text.
/// nil for literals it does not take (more than 18 significant digits, large
/// exponents); callers fall back to the general parsers.
struct DecimalLiteral {
    var negative: Bool
    var significand: UInt64
    var exponent: Int

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        var i = 0
        negative = bytes.first == UInt8(ascii: "-")
        if negative { i += 1 }
        significand = 0
        exponent = 0
        var digits = 0
        var fraction = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: ".") {
                fraction = true
            } else if byte >= 0x30 && byte <= 0x39 {
                if significand != 0 || byte != 0x30 { digits += 1 }
                guard digits <= 18 else { return nil }
                significand = significand * 10 + UInt64(byte - 0x30)
                if fraction { exponent -= 1 }
            } else {
                break // e / E
            }
            i += 1
        }
        if i < bytes.count {
            i += 1
            var sign = 1
            if bytes[i] == UInt8(ascii: "-") { sign = -1; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
            var value = 0
            while i < bytes.count {
                value = value * 10 + Int(bytes[i] - 0x30)
                guard value <= 100 else { return nil }
                i += 1
            }
            exponent += sign * value
        }
        guard (-100...100).contains(exponent) else { return nil }
    }

    var decimal: Decimal {
        // No negative zero: some Foundations read a minus sign on a zero significand as NaN.
        Decimal(sign: negative && significand != 0 ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }

    /// Exact when the significand fits a Double's 53 bits and 10^|exponent| is exact
    /// (|exponent| ≤ 22): one correctly rounded multiplication or division.
    var double: Double? {
        guard significand < (1 << 53), (-22...22).contains(exponent) else { return nil }
        var value = Double(significand)
        let scale = Self.powersOfTen[abs(exponent)]
        value = exponent < 0 ? value / scale : value * scale
        return negative ? -value : value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }
}
