import Foundation

/// A listing and how its shares performed.
public struct IPO: Sendable, Hashable, Identifiable {
    public enum Status: String, Sendable, CaseIterable {
        case listed, pending
    }

    public var id: String
    public var companyId: String
    public var exchange: Exchange
    public var ticker: String?
    public var currency: CurrencyCode
    public var listingDate: CalendarDate?
    public var status: Status
    public var offerPrice: Sourced<PriceQuote>?
    public var amountRaised: Sourced<Money>?
    public var firstDayOpen: Sourced<PriceQuote>?
    public var firstDayClose: Sourced<PriceQuote>?
    public var pricePoints: [PricePoint]
    public var notes: [String]
    public var provenance: Provenance

    public init(id: String, companyId: String, exchange: Exchange, ticker: String?, currency: CurrencyCode,
                listingDate: CalendarDate?, status: Status = .listed, offerPrice: Sourced<PriceQuote>? = nil,
                amountRaised: Sourced<Money>? = nil, firstDayOpen: Sourced<PriceQuote>? = nil,
                firstDayClose: Sourced<PriceQuote>? = nil, pricePoints: [PricePoint] = [], notes: [String] = [],
                provenance: Provenance) {
        self.id = id; self.companyId = companyId; self.exchange = exchange; self.ticker = ticker
        self.currency = currency; self.listingDate = listingDate; self.status = status; self.offerPrice = offerPrice
        self.amountRaised = amountRaised; self.firstDayOpen = firstDayOpen; self.firstDayClose = firstDayClose
        self.pricePoints = pricePoints; self.notes = notes; self.provenance = provenance
    }

    /// "HK:2513".
    public var code: String { "\(exchange.label):\(ticker ?? "—")" }

    /// Change of a quote vs the offer in percent: from the price when both are known,
    /// else the quote's stated change.
    public func percentVsOffer(_ quote: PriceQuote?) -> Decimal? {
        guard let quote else { return nil }
        if let price = quote.price, let offer = offerPrice?.value.price, offer > 0 {
            return (price - offer) / offer * 100
        }
        return quote.changePercent
    }

    /// The latest close-like point (close or derived), the basis of "latest vs offer".
    public var latestClose: PricePoint? {
        pricePoints.filter { $0.kind == .close || $0.kind == .derived }.max { $0.date < $1.date }
    }

    /// The latest known price: the latest close-like point, else the first-day close.
    public var latestKnownPrice: (date: CalendarDate?, price: Decimal, provenance: Provenance)? {
        if let point = latestClose { return (point.date, point.price, point.provenance) }
        if let close = firstDayClose, let price = close.value.price { return (listingDate, price, close.provenance) }
        return nil
    }
}

/// A price and/or its change vs the offer price; sources often give only one.
public struct PriceQuote: Sendable, Hashable {
    public var price: Decimal?
    /// Percent change vs the offer (+425 means +425 %).
    public var changePercent: Decimal?

    public init(price: Decimal? = nil, changePercent: Decimal? = nil) {
        self.price = price
        self.changePercent = changePercent
    }
}

/// A dated price after listing.
public struct PricePoint: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case close
        /// Computed (e.g. market cap ÷ shares), not quoted.
        case derived
        case intraday
        case intradayHigh = "intraday-high"

        /// Closes and derived values are drawn as the line; intraday as markers.
        public var isLine: Bool { self == .close || self == .derived }
    }

    public var date: CalendarDate
    public var price: Decimal
    public var kind: Kind
    public var provenance: Provenance

    public init(date: CalendarDate, price: Decimal, kind: Kind, provenance: Provenance) {
        self.date = date; self.price = price; self.kind = kind; self.provenance = provenance
    }
}
