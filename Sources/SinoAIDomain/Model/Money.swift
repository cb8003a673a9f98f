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

/// An exact amount of money. Never a binary float.
public struct Money: Sendable, Hashable {
    public var amount: Decimal
    public var currency: CurrencyCode

    public init(amount: Decimal, currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }
}
