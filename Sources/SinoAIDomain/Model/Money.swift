import Foundation

/// An ISO 4217 currency code known to the snapshot.
public struct CurrencyCode: Sendable, Hashable, CustomStringConvertible {
    public let code: String

    /// Codes the validator accepts. A short, deliberate list: a typo such as `HKS`
    /// should be reported rather than accepted.
    public static let known: Set<String> = [
        "CNY", "HKD", "USD", "EUR", "JPY", "GBP", "SGD", "TWD", "KRW", "CHF", "AUD", "CAD", "INR", "MOP",
    ]

    public init?(_ code: String) {
        guard Self.known.contains(code) else { return nil }
        self.code = code
    }

    public var description: String { code }

    /// The conventional prefix used in the fact sheet and the dashboard.
    public var symbolPrefix: String {
        switch code {
        case "HKD": "HK$"
        case "USD": "US$"
        case "CNY": "CNY "
        case "EUR": "EUR "
        default: code + " "
        }
    }
}

/// An exact amount of money. Never a binary float. Sources do not always give one
/// figure: a range ("CNY 200–500bn") keeps both ends, a floor ("more than US$29bn")
/// says so, so neither end is passed off as the figure.
public struct Money: Sendable, Hashable {
    /// The figure, or the low end of a range, or the floor.
    public var amount: Decimal
    public var currency: CurrencyCode
    /// The high end of a range; nil for a single figure.
    public var upTo: Decimal?
    /// The figure is a floor: the sources say "more than".
    public var atLeast: Bool

    public init(amount: Decimal, currency: CurrencyCode, upTo: Decimal? = nil, atLeast: Bool = false) {
        self.amount = amount
        self.currency = currency
        self.upTo = upTo
        self.atLeast = atLeast
    }

    /// A single figure: no range, no floor.
    public var isExact: Bool { upTo == nil && !atLeast }
}
