import Foundation
import SinoAIDomain
import SinoAIText

/// A row of a dashboard table: identity, search text, sort keys, filter values, cells.
public protocol TableRowModel: Sendable {
    /// Stable id (selection survives sorting and reloads by it).
    var rowID: String { get }
    /// Lower-cased text that `/` searches: the row's own text and its firms' names
    /// (English and Chinese), tickers and products, so that `/智谱` finds Zhipu everywhere.
    func searchKey(in snapshot: Snapshot) -> String
    func sortKey(column: Int) -> SortKey
    /// The value of a filter dimension, e.g. "Model lab" for "Segment".
    func filterValue(_ dimension: String) -> String
    func cells(context: CellContext) -> [TableCell]
    /// The columns showing any of the changed fields ("ipo.latestPrice", …); all when new.
    static func changedColumns(_ fields: Set<String>) -> Set<Int>
}

extension TableRowModel {
    /// Maps field names to columns; "*" (a new record) marks every column.
    static func columns(for fields: Set<String>, _ map: [String: [Int]], count: Int) -> Set<Int> {
        if fields.contains("*") { return Set(0..<count) }
        return Set(fields.flatMap { map[$0] ?? [] })
    }
}

/// What cells may need beyond the row: the active scenario, the snapshot date.
public struct CellContext: Sendable {
    public var scenario: String
    public var asOf: CalendarDate

    public init(scenario: String, asOf: CalendarDate) {
        self.scenario = scenario
        self.asOf = asOf
    }
}

/// A filter: a name and the values it can take ("All" first).
public struct FilterDimension: Sendable, Hashable {
    public static let all = "All"
    public var name: String
    public var values: [String]
}

extension Decimal {
    var double: Double { NSDecimalNumber(decimal: self).doubleValue }
}

extension CompanyRow: TableRowModel {
    public var rowID: String { id }
    public func searchKey(in snapshot: Snapshot) -> String {
        SearchTerms.key(SearchTerms.firm(id, name: name, in: snapshot))
    }

    public static let columns = [
        TableColumn("Name", width: 14, flexible: true, priority: 10),
        TableColumn("中文名", width: 10, priority: 9, growsTo: 18),
        TableColumn("Segment", width: 10, priority: 5),
        TableColumn("Status", width: 7, priority: 3),
        TableColumn("Listing", width: 11, priority: 7),
        TableColumn("Valuation", width: 11, alignRight: true, priority: 8),
        TableColumn("As of", width: 10, priority: 2),
        TableColumn("vs IPO", width: 7, alignRight: true, priority: 5),
        TableColumn("Risk", width: 4, alignRight: true, priority: 8),
        TableColumn("EL", width: 2, priority: 6),
    ]

    public static let filterDimensions = ["Segment", "Status", "Exchange", "Entity List"]

    public static func changedColumns(_ fields: Set<String>) -> Set<Int> {
        columns(for: fields, [
            "company.name": [0], "company.nameZh": [1], "company.status": [3], "company.listings": [4],
            "company.latestValuation": [5, 6], "company.entityList": [9], "company.fundingRounds": [5],
            "ipo.latestPrice": [7], "ipo.offerPrice": [7], "ipo.pricePoints": [7], "risk.score": [8],
        ], count: Self.columns.count)
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: .text(name.searchFolded)
        case 1: nameZh.map { .text($0) } ?? .missing
        case 2: .text(segment.label)
        case 3: .text(status.label)
        case 4: listing.map { .text($0) } ?? .missing
        case 5: valuation.map { .number(Self.usdApprox($0.value.value)) } ?? .missing
        case 6: valuation.map { .number(Double($0.date.dayNumber)) } ?? .missing
        case 7: returnVsOffer.map { .number($0.double) } ?? .missing
        case 8: riskScore.map { .number($0) } ?? .missing
        default: .number(entityListed ? 1 : 0)
        }
    }

    /// Rough US$ value so valuations in different currencies sort sensibly. Rates
    /// are order-of-magnitude constants for sorting only, never shown.
    static func usdApprox(_ money: Money) -> Double {
        // Every code `CurrencyCode.known` accepts; a new one fails the test that checks.
        let rate: Double = switch money.currency.code {
        case "CNY": 0.14
        case "HKD": 0.128
        case "EUR": 1.08
        case "JPY": 0.0067
        case "GBP": 1.27
        case "SGD": 0.74
        case "TWD": 0.031
        case "KRW": 0.00072
        case "CHF": 1.13
        case "AUD": 0.65
        case "CAD": 0.73
        case "INR": 0.012
        case "MOP": 0.124
        default: 1
        }
        return money.amount.double * rate
    }

    public func filterValue(_ dimension: String) -> String {
        switch dimension {
        case "Segment": segment.label
        case "Status": status.label
        case "Entity List": entityListed ? "Listed" : "Not listed"
        default: listing.map { String($0.prefix { $0 != ":" }) } ?? "Unlisted"
        }
    }

    public func cells(context: CellContext) -> [TableCell] {
        [
            TableCell(name),
            TableCell(nameZh ?? Format.unknown, tone: nameZh == nil ? .dim : .normal, doubtful: nameZhDoubtful),
            TableCell(segment.label, tone: .dim),
            TableCell(status.label, tone: status == .listed ? .normal : .dim),
            TableCell(listing ?? Format.unknown, tone: listing == nil ? .dim : .normal),
            TableCell(valuation.map { Format.money($0.value.value) } ?? Format.unknown, tone: valuation == nil ? .dim : .normal,
                      doubtful: valuation?.value.isQuestionable ?? false),
            TableCell(valuation.map { $0.date.description } ?? Format.unknown, tone: .dim),
            TableCell.percent(returnVsOffer, places: 0, doubtful: returnDoubtful),
            TableCell(Format.score(riskScore), tone: (riskScore ?? 0) >= 55 ? .warning : .normal),
            TableCell(entityListed ? "EL" : "", tone: .us, doubtful: entityListDoubtful),
        ]
    }
}

extension IPORow: TableRowModel {
    public var rowID: String { id }
    public func searchKey(in snapshot: Snapshot) -> String {
        SearchTerms.key([code, id] + SearchTerms.firm(companyId, name: companyName, in: snapshot))
    }

    public static let columns = [
        TableColumn("Company", width: 12, flexible: true, priority: 10),
        TableColumn("Listing", width: 11, priority: 7),
        TableColumn("Listed", width: 10, priority: 6),
        TableColumn("Offer", width: 10, alignRight: true, priority: 8),
        // First-day open and close, and the latest known price, each against the offer.
        TableColumn("Open %", width: 8, alignRight: true, priority: 4),
        TableColumn("Close %", width: 8, alignRight: true, priority: 7),
        TableColumn("Latest", width: 9, alignRight: true, priority: 5),
        TableColumn("Latest %", width: 9, alignRight: true, priority: 9),
        TableColumn("Raised", width: 11, alignRight: true, priority: 4),
        TableColumn("Days", width: 5, alignRight: true, priority: 3),
        // The latest price's date: a price months old reads differently from last week's.
        TableColumn("Latest on", width: 10, priority: 5),
    ]

    public static let filterDimensions = ["Exchange", "Status"]

    public static func changedColumns(_ fields: Set<String>) -> Set<Int> {
        columns(for: fields, [
            "ipo.listingDate": [2, 9], "ipo.status": [2], "ipo.ticker": [1], "ipo.offerPrice": [3, 4, 5, 7], "ipo.firstDayClose": [5],
            "ipo.latestPrice": [6, 7, 10], "ipo.pricePoints": [6, 7, 10], "ipo.amountRaised": [8],
        ], count: Self.columns.count)
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0: .text(companyName.searchFolded)
        case 1: .text(code)
        case 2: listingDate.map { .number(Double($0.dayNumber)) } ?? .missing
        // Prices in different currencies sort by their rough US$ value, as amounts do.
        case 3: offer.map { .number(CompanyRow.usdApprox(Money(amount: $0, currency: currency))) } ?? .missing
        case 4: openVsOffer.map { .number($0.double) } ?? .missing
        case 5: closeVsOffer.map { .number($0.double) } ?? .missing
        case 6: latestPrice.map { .number(CompanyRow.usdApprox(Money(amount: $0, currency: currency))) } ?? .missing
        case 7: latestVsOffer.map { .number($0.double) } ?? .missing
        case 8: raised.map { .number(CompanyRow.usdApprox($0)) } ?? .missing
        case 9: daysListed.map { .number(Double($0)) } ?? .missing
        default: latestDate.map { .number(Double($0.dayNumber)) } ?? .missing
        }
    }

    public func filterValue(_ dimension: String) -> String {
        dimension == "Status" ? (pending ? "Pending" : "Listed") : String(code.prefix { $0 != ":" })
    }

    public func cells(context: CellContext) -> [TableCell] {
        [
            TableCell(companyName),
            TableCell(code),
            TableCell(pending ? "pending" : Format.date(listingDate), tone: pending ? .warning : .dim),
            // With its currency: the panel mixes HK$, CNY and US$ listings.
            TableCell(offer.map { currency.symbolPrefix + Format.decimal($0, places: 2) } ?? Format.unknown, tone: offer == nil ? .dim : .normal),
            TableCell.percent(openVsOffer, doubtful: openDoubtful),
            TableCell.percent(closeVsOffer, doubtful: closeDoubtful),
            TableCell(Format.price(latestPrice), tone: latestPrice == nil ? .dim : .normal, doubtful: latestDoubtful),
            TableCell.percent(latestVsOffer, doubtful: latestDoubtful),
            TableCell(Format.money(raised), tone: raised == nil ? .dim : .normal, doubtful: raisedDoubtful),
            TableCell(daysListed.map(String.init) ?? Format.unknown, tone: .dim),
            TableCell(Format.date(latestDate), tone: .dim),
        ]
    }
}

extension PolicyRow: TableRowModel {
    public var rowID: String { id }
    public func searchKey(in snapshot: Snapshot) -> String {
        let firms = companyIds.flatMap { id in snapshot.company(id).map { [$0.name, $0.nameZh ?? ""] } ?? [id] }
        return SearchTerms.key([title, id, kind.label] + firms)
    }

    public static let columns = [
        TableColumn("Date", width: 10, priority: 10),
        TableColumn("", width: 4, priority: 9),
        TableColumn("Kind", width: 14, priority: 5),
        TableColumn("Event", width: 20, flexible: true, priority: 10),
        TableColumn("Amount", width: 13, alignRight: true, priority: 6),
        TableColumn("Firms", width: 16, priority: 4),
    ]

    public static let filterDimensions = ["Jurisdiction", "Kind"]

    public static func changedColumns(_ fields: Set<String>) -> Set<Int> {
        columns(for: fields, ["event.date": [0], "event.title": [3], "event.amount": [4], "event.companyIds": [5]],
                count: Self.columns.count)
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        case 0, 1: .number(Double(date.dayNumber))
        case 2: .text(kind.label)
        case 3: .text(title.searchFolded)
        case 4: amount.map { .number(CompanyRow.usdApprox($0)) } ?? .missing
        default: companyNames.first.map { .text($0.searchFolded) } ?? .missing
        }
    }

    public func filterValue(_ dimension: String) -> String {
        dimension == "Jurisdiction" ? jurisdiction.rawValue : kind.label
    }

    public func cells(context: CellContext) -> [TableCell] {
        let tone: Tone = jurisdiction == .cn ? .cn : .us
        return [
            TableCell(date.description, tone: .dim),
            TableCell("\(marker) \(jurisdiction.rawValue)", tone: tone),
            TableCell(kind.label, tone: tone),
            TableCell(title, doubtful: doubtful),
            TableCell(Format.money(amount), tone: amount == nil ? .dim : .normal, doubtful: amountDoubtful),
            TableCell(companyNames.isEmpty ? Format.unknown : companyNames.joined(separator: ", "), tone: .dim),
        ]
    }
}

extension RiskRow: TableRowModel {
    public var rowID: String { id }
    public func searchKey(in snapshot: Snapshot) -> String {
        SearchTerms.key(SearchTerms.firm(id, name: name, in: snapshot))
    }

    public static let columns = [
        TableColumn("#", width: 3, alignRight: true, priority: 8),
        TableColumn("Firm", width: 12, flexible: true, priority: 10),
        TableColumn("Score", width: 5, alignRight: true, priority: 10),
        // The factors say why a score is high: they outlast the bar, which repeats the score.
        TableColumn("", width: 12, priority: 5),
        TableColumn("Δ base", width: 6, alignRight: true, priority: 6),
        TableColumn("Top factors", width: 18, priority: 7, growsTo: 26),
        TableColumn("EL since", width: 10, priority: 4),
        TableColumn("Unk", width: 4, alignRight: true, priority: 3),
    ]

    public static let filterDimensions = ["Entity List"]

    /// The "Δ base" column's index.
    public static let deltaColumn = 4

    public static func changedColumns(_ fields: Set<String>) -> Set<Int> {
        // A baseline score change moves the score, bar and rank; Δ base is measured
        // against the baseline itself, so it does not change with it.
        columns(for: fields, ["risk.score": [0, 2, 3], "company.entityList": [6]], count: Self.columns.count)
    }

    public func sortKey(column: Int) -> SortKey {
        switch column {
        // "#" ascending is rank 1 first; the score columns descending are too.
        case 0: .number(Double(rank))
        case 2, 3: .number(-Double(rank))
        case 1: .text(name.searchFolded)
        case 4: .number(delta)
        case 5: topFactors.first.map { .text($0.code) } ?? .missing
        case 6: entityListDate.map { .number(Double($0.dayNumber)) } ?? .missing
        default: .number(unknownShare)
        }
    }

    public func filterValue(_ dimension: String) -> String { entityListed ? "Listed" : "Not listed" }

    public func cells(context: CellContext) -> [TableCell] {
        [
            TableCell(String(rank), tone: .dim),
            TableCell(name),
            TableCell(Format.score(score), tone: score >= 55 ? .warning : .normal),
            TableCell("", tone: score >= 55 ? .negative : .accent, bar: score / 100),
            TableCell(Format.delta(delta), tone: delta > 0.05 ? .negative : (delta < -0.05 ? .positive : .dim)),
            // A factor is code and points together: never cut between or inside them.
            topFactors.isEmpty ? TableCell("unknowns only", tone: .dim)
                : TableCell(pieces: topFactors.map { "\($0.code) \(Format.points($0.points))" }, tone: .dim),
            TableCell(entityListDate?.description ?? (entityListed ? "listed" : "—"), tone: entityListed ? .us : .dim),
            TableCell(String(format: "%.0f%%", unknownShare * 100), tone: unknownShare >= 0.5 ? .warning : .dim),
        ]
    }
}
