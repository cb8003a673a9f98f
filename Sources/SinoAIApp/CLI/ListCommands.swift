import ArgumentParser
import Foundation
import SinoAIDomain
import SinoAIViewModel

extension Segment: ExpressibleByArgument {}
extension Jurisdiction: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.uppercased()) }
}
extension PolicyKind: ExpressibleByArgument {}

/// `sinoai companies`: every firm.
struct CompaniesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "companies", abstract: "List the firms.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions
    @Option(help: "Only this segment (\(Segment.allCases.map(\.rawValue).joined(separator: ", "))).")
    var segment: Segment?

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        emit(CompaniesOutput.render(snapshot: snapshot, segment: segment, format: formatOptions.format))
    }
}

/// Shared by `companies` and the interim default command.
enum CompaniesOutput {
    static func render(snapshot: Snapshot, segment: Segment?, format: OutputFormat) -> String {
        let companies = snapshot.companies.filter { segment == nil || $0.segment == segment }
        let rows = companies.map { CompanyRow(company: $0, snapshot: snapshot) }
        switch format {
        case .json:
            return JSONWriter.write(.array(companies.map { RecordJSON.company($0, snapshot: snapshot) }))
        case .csv:
            return CSVWriter.write(
                header: ["id", "name", "nameZh", "segment", "status", "exchange", "ticker", "latestValuation", "valuationCurrency",
                         "valuationUpTo", "valuationAtLeast", "valuationDate", "valuationKind", "returnVsOfferPercent", "riskScore",
                         "entityList", "entityListDate", "confidence", "sources", "doubtfulFields"],
                rows: zip(companies, rows).map { company, row in
                    let listing = company.primaryListing
                    return [company.id, company.name, company.nameZh ?? "", company.segment.rawValue, company.status.rawValue,
                            listing?.exchange.rawValue ?? "", listing?.ticker ?? ""] + moneyCells(row.valuation?.value.value) + [
                            row.valuation.map { $0.date.description } ?? "", row.valuation?.kind.rawValue ?? "",
                            row.returnVsOffer.map { Format.decimal($0, places: 2).replacingOccurrences(of: ",", with: "") } ?? "",
                            row.riskScore.map { String(format: "%.2f", $0) } ?? "",
                            company.entityList.status.rawValue, company.entityList.dateAdded?.description ?? "",
                            company.provenance.confidence.rawValue, company.provenance.sources.map(\.url).joined(separator: " "),
                            RecordJSON.doubtfulFields(row).joined(separator: " ")]
                })
        case .table:
            return TextTable(columns: [
                .init(title: "ID", maxWidth: 18), .init(title: "Name", maxWidth: 24, shrinks: true), .init(title: "中文名", maxWidth: 16, shrinks: true),
                .init(title: "Segment"), .init(title: "Status"), .init(title: "Listing"),
                .init(title: "Valuation", alignRight: true), .init(title: "Date"), .init(title: "vs IPO", alignRight: true),
                .init(title: "Risk", alignRight: true), .init(title: "EL"),
            ], rows: rows.map { row in
                [row.id, row.name, TextTable.marked(row.nameZh ?? Format.unknown, doubtful: row.nameZhDoubtful), row.segment.label,
                 row.status.label, row.listing ?? Format.unknown, row.valuationText,
                 row.valuation.map { $0.date.description } ?? Format.unknown,
                 Format.percent(row.returnVsOffer, places: 0) + Format.doubtMarker(row.returnDoubtful),
                 Format.score(row.riskScore), row.entityListed ? "yes" + Format.doubtMarker(row.entityListDoubtful) : "—"]
            }).render(width: TextTable.terminalWidth())
        }
    }
}

/// `sinoai ipos`: every listing and its performance.
struct IPOsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ipos", abstract: "List IPOs and their performance vs the offer price.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        let ipos = snapshot.ipos.sorted { ($0.listingDate ?? CalendarDate(year: 9999)!) < ($1.listingDate ?? CalendarDate(year: 9999)!) }
        let rows = ipos.map { IPORow(ipo: $0, snapshot: snapshot) }
        func number(_ d: Decimal?) -> String { d.map { "\($0)" } ?? "" }
        func pct(_ d: Decimal?) -> String { d.map { Format.decimal($0, places: 2).replacingOccurrences(of: ",", with: "") } ?? "" }
        switch formatOptions.format {
        case .json:
            emit(JSONWriter.write(.array(ipos.map { RecordJSON.ipo($0, snapshot: snapshot) })))
        case .csv:
            // The same fields, under the same names, as the JSON (RecordJSON.ipoColumns).
            emit(CSVWriter.write(
                header: RecordJSON.ipoColumns,
                rows: zip(ipos, rows).map { ipo, row in
                    [ipo.id, ipo.companyId, row.companyName, ipo.exchange.rawValue, ipo.ticker ?? "", ipo.currency.code,
                     ipo.listingDate?.description ?? "", ipo.status.rawValue, number(row.offer),
                     number(ipo.firstDayOpen?.value.price), pct(row.openVsOffer),
                     number(ipo.firstDayClose?.value.price), pct(row.closeVsOffer),
                     number(row.latestPrice), row.latestDate?.description ?? "", pct(row.latestVsOffer)] + moneyCells(row.raised) + moneyCells(row.target) + [
                     row.daysListed.map(String.init) ?? "", RecordJSON.doubtfulFields(row, ipo).joined(separator: " ")]
                }))
        case .table:
            emit(TextTable(columns: [
                .init(title: "Company", maxWidth: 20, shrinks: true), .init(title: "Listing"), .init(title: "Listed"),
                .init(title: "Offer", alignRight: true), .init(title: "Open %", alignRight: true),
                .init(title: "Close %", alignRight: true), .init(title: "Latest", alignRight: true),
                .init(title: "Latest %", alignRight: true), .init(title: "Raised", alignRight: true),
                .init(title: "Days", alignRight: true), .init(title: "Latest on"),
            ], rows: rows.map { row in
                [row.companyName, row.code, row.pending ? "pending" : Format.date(row.listingDate),
                 row.offer.map { row.currency.symbolPrefix + Format.decimal($0, places: 2) } ?? Format.unknown,
                 Format.percent(row.openVsOffer) + Format.doubtMarker(row.openDoubtful),
                 Format.percent(row.closeVsOffer) + Format.doubtMarker(row.closeDoubtful),
                 Format.price(row.latestPrice) + Format.doubtMarker(row.latestDoubtful),
                 Format.percent(row.latestVsOffer),
                 Format.money(row.raised) + Format.doubtMarker(row.raisedDoubtful),
                 row.daysListed.map(String.init) ?? Format.unknown, Format.date(row.latestDate)]
            }).render(width: TextTable.terminalWidth()))
        }
    }
}

/// `sinoai policies`: the policy and export-control timeline.
struct PoliciesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policies", abstract: "List Chinese policy and US export-control events by date.")
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var formatOptions: FormatOptions
    @Option(help: ArgumentHelp("Only events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD); an event dated only to a month or year is kept when that period reaches the date.", valueName: "date"))
    var since: String?
    @Option(help: "Only CN or US events.")
    var jurisdiction: Jurisdiction?
    @Option(help: "Only this kind (\(PolicyKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: PolicyKind?

    func validate() throws {
        if let since, CalendarDate(iso: since) == nil {
            throw ValidationError("--since: invalid date \"\(since)\" (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        }
    }

    func run() throws {
        let (snapshot, _) = try dataOptions.loadSnapshot()
        let from = since.flatMap(CalendarDate.init(iso:))
        let events = snapshot.events.filter { event in
            (from.map { event.date.mayFallOnOrAfter($0) } ?? true)
                && (jurisdiction.map { event.jurisdiction == $0 } ?? true)
                && (kind.map { event.kind == $0 } ?? true)
        }
        switch formatOptions.format {
        case .json:
            emit(JSONWriter.write(.array(events.map(RecordJSON.event))))
        case .csv:
            emit(CSVWriter.write(
                header: ["id", "date", "jurisdiction", "kind", "title", "issuer", "amount", "currency", "amountUpTo", "amountAtLeast",
                         "companyIds", "confidence", "sources", "doubtfulFields"],
                rows: events.map { e in
                    [e.id, e.date.description, e.jurisdiction.rawValue, e.kind.rawValue, e.title, e.issuer ?? ""] + moneyCells(e.amount?.value) + [
                     e.companyIds.joined(separator: " "), e.provenance.confidence.rawValue,
                     e.provenance.sources.map(\.url).joined(separator: " "), RecordJSON.doubtfulFields(e).joined(separator: " ")]
                }))
        case .table:
            let rows = events.map { PolicyRow(event: $0, snapshot: snapshot) }
            emit(TextTable(columns: [
                .init(title: "Date"), .init(title: "J"), .init(title: "Kind"), .init(title: "Title", maxWidth: 60, shrinks: true),
                .init(title: "Amount", alignRight: true), .init(title: "Firms", maxWidth: 40, shrinks: true),
            ], rows: rows.map { row in
                [row.date.description, "\(row.marker) \(row.jurisdiction.rawValue)", row.kind.label,
                 TextTable.marked(row.title, doubtful: row.doubtful),
                 Format.money(row.amount) + Format.doubtMarker(row.amountDoubtful), row.companyNames.joined(separator: ", ")]
            }).render(width: TextTable.terminalWidth()))
        }
    }
}

/// An amount's CSV cells: amount, currency, the top of a range, whether it is a floor
/// (all empty when unknown), as the columns `…`, `…Currency`, `…UpTo`, `…AtLeast`.
private func moneyCells(_ money: Money?) -> [String] {
    guard let money else { return ["", "", "", ""] }
    return ["\(money.amount)", money.currency.code, money.upTo.map { "\($0)" } ?? "", "\(money.atLeast)"]
}
