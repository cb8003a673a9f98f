import SinoAIDomain

/// The known prices of one listing, ready to chart against its offer price.
public struct PriceSeries: Sendable, Equatable {
    public struct Point: Sendable, Equatable {
        public var day: Int
        public var price: Double
        public var date: CalendarDate
        public var doubtful: Bool
    }

    public var title: String
    public var currencyPrefix: String
    public var offer: Double?
    /// Closes (and derived values): the line.
    public var line: [Point]
    /// Intraday prices, opens and highs: markers only.
    public var markers: [Point]
    /// What the markers are, for the legend: "open", "intraday" or "open, intraday".
    public var markersName: String
    /// What an empty chart says: why there are no prices.
    public var emptyMessage: String

    public init(ipo: IPO, companyName: String) {
        title = "\(companyName) \(ipo.code)"
        currencyPrefix = ipo.currency.symbolPrefix
        offer = ipo.offerPrice?.value.price?.double
        var line: [Point] = []
        var markers: [Point] = []
        if let date = ipo.listingDate {
            if let close = ipo.firstDayClose, let price = close.value.price {
                line.append(Point(day: date.dayNumber, price: price.double, date: date, doubtful: close.isQuestionable))
            }
            if let open = ipo.firstDayOpen, let price = open.value.price {
                markers.append(Point(day: date.dayNumber, price: price.double, date: date, doubtful: open.isQuestionable))
            }
        }
        for point in ipo.pricePoints {
            let p = Point(day: point.date.dayNumber, price: point.price.double, date: point.date,
                          doubtful: point.provenance.confidence.isDoubtful)
            if point.kind.isLine { line.append(p) } else { markers.append(p) }
        }
        self.line = line.sorted { $0.day < $1.day }
        self.markers = markers
        let opens = ipo.listingDate != nil && ipo.firstDayOpen?.value.price != nil
        markersName = opens && markers.count > 1 ? "open, intraday" : (opens ? "open" : "intraday")
        emptyMessage = switch ipo.status {
        case .listed: "No known prices after listing"
        case .pending: "Not listed yet (IPO pending): no prices"
        }
    }

    public var isEmpty: Bool { line.isEmpty && markers.isEmpty }
}
