import Foundation
import SinoAIDomain
import SinoAIViewModel

/// JSON shapes of the records printed by the commands. Field names follow the
/// snapshot format so scripts can use the same vocabulary.
enum RecordJSON {
    static func sources(_ sources: [Source]) -> JSONValue {
        .array(sources.map {
            .object(["title": .string($0.title), "publisher": .string($0.publisher), "url": .string($0.url), "date": .date($0.date)])
        })
    }

    static func provenance(_ p: Provenance) -> [(String, JSONValue)] {
        [("confidence", .string(p.confidence.rawValue)), ("note", .string(p.note)), ("sources", sources(p.sources))]
    }

    static func money(_ m: Money?) -> JSONValue {
        guard let m else { return .null }
        return object(moneyFields(m))
    }

    /// "amount" and "currency", and "upTo" or "atLeast" when the sources give a range or a floor.
    static func moneyFields(_ m: Money) -> [(String, JSONValue)] {
        [("amount", .decimal(m.amount)), ("currency", .string(m.currency.code))]
            + (m.upTo.map { [("upTo", .decimal($0))] } ?? []) + (m.atLeast ? [("atLeast", .bool(true))] : [])
    }

    static func object(_ pairs: [(String, JSONValue)]) -> JSONValue {
        .object(pairs.map { JSONMember(key: $0.0, node: JSONNode($0.1)) })
    }

    static func sourcedMoney(_ s: Sourced<Money>?) -> JSONValue {
        guard let s else { return .null }
        return object(moneyFields(s.value) + provenance(s.provenance)
            + [("alternatives", .array(s.alternatives.map { object(moneyFields($0.value) + provenance($0.provenance)) }))])
    }

    static func company(_ c: Company, snapshot: Snapshot) -> JSONValue {
        let row = CompanyRow(company: c, snapshot: snapshot)
        return object([
            ("id", .string(c.id)), ("name", .string(c.name)), ("nameZh", .string(c.nameZh)), ("legalName", .string(c.legalName)),
            ("segment", .string(c.segment.rawValue)), ("segmentDetail", .string(c.segmentDetail)), ("hq", .string(c.hq)),
            ("founded", .date(c.founded)), ("foundedNote", .string(c.foundedNote)), ("status", .string(c.status.rawValue)), ("statusNote", .string(c.statusNote)),
            ("listings", .array(c.listings.map {
                object([("exchange", .string($0.exchange.rawValue)), ("ticker", .string($0.ticker)),
                        ("currency", .string($0.currency.code)), ("listingDate", .date($0.listingDate)),
                        ("isParent", .bool($0.isParent))])
            })),
            ("latestValuation", row.valuation.map { v in
                object([("date", .date(v.date)), ("kind", .string(v.kind.rawValue))] + [("value", sourcedMoney(v.value))])
            } ?? .null),
            ("fundingRounds", .array(c.fundingRounds.map {
                object([("date", .date($0.date)), ("round", .string($0.round)), ("amount", money($0.amount)),
                        ("leadInvestors", .strings($0.leadInvestors)), ("investors", .strings($0.investors)),
                        ("valuation", money($0.valuation))] + provenance($0.provenance)
                        + [("alternatives", .array($0.alternatives.map { alt in
                            object([("date", .date(alt.date)), ("round", .string(alt.round)), ("amount", money(alt.amount)),
                                    ("valuation", money(alt.valuation))] + provenance(alt.provenance))
                        }))])
            })),
            ("valuations", .array(c.valuations.map {
                object([("date", .date($0.date)), ("kind", .string($0.kind.rawValue)), ("value", sourcedMoney($0.value))])
            })),
            ("products", .strings(c.products)),
            ("entityList", object([("status", .string(c.entityList.status.rawValue)), ("dateAdded", .date(c.entityList.dateAdded)),
                                   ("rule", .string(c.entityList.rule))] + provenance(c.entityList.provenance))),
            ("returnVsOfferPercent", .double(row.returnVsOffer.map { NSDecimalNumber(decimal: $0).doubleValue }, places: 2)),
            ("riskScore", .double(row.riskScore, places: 2)),
            ("notes", .strings(c.notes)),
            ("fieldConfidence", object(c.fieldConfidence.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value.rawValue)) })),
            ("doubtfulFields", .strings(doubtfulFields(row))),
        ] + provenance(c.provenance))
    }

    /// The columns of `sinoai ipos --format csv`, in order: the JSON carries the same
    /// fields under the same names (numbers as numbers, unknown as null).
    static let ipoColumns = ["id", "companyId", "company", "exchange", "ticker", "currency", "listingDate", "status", "offerPrice",
                             "firstDayOpen", "firstDayOpenVsOfferPercent", "firstDayClose", "firstDayCloseVsOfferPercent",
                             "latestPrice", "latestDate", "latestVsOfferPercent", "amountRaised", "amountRaisedCurrency",
                             "amountRaisedUpTo", "amountRaisedAtLeast", "targetRaise", "targetRaiseCurrency", "targetRaiseUpTo",
                             "targetRaiseAtLeast", "daysListed", "doubtfulFields"]

    /// One listing: the `ipoColumns` fields, then what the CSV cannot hold: where each
    /// figure comes from (`figureProvenance`, without repeating the figure), the price
    /// points, notes and the record's own provenance.
    static func ipo(_ ipo: IPO, snapshot: Snapshot) -> JSONValue {
        let row = IPORow(ipo: ipo, snapshot: snapshot)
        func percent(_ value: Decimal?) -> JSONValue { .double(value.map { NSDecimalNumber(decimal: $0).doubleValue }) }
        let fields: [(String, JSONValue)] = [
            ("id", .string(ipo.id)), ("companyId", .string(ipo.companyId)), ("company", .string(row.companyName)),
            ("exchange", .string(ipo.exchange.rawValue)), ("ticker", .string(ipo.ticker)), ("currency", .string(ipo.currency.code)),
            ("listingDate", .date(ipo.listingDate)), ("status", .string(ipo.status.rawValue)),
            ("offerPrice", .decimal(row.offer)),
            ("firstDayOpen", .decimal(ipo.firstDayOpen?.value.price)), ("firstDayOpenVsOfferPercent", percent(row.openVsOffer)),
            ("firstDayClose", .decimal(ipo.firstDayClose?.value.price)), ("firstDayCloseVsOfferPercent", percent(row.closeVsOffer)),
            ("latestPrice", .decimal(row.latestPrice)), ("latestDate", .date(row.latestDate)),
            ("latestVsOfferPercent", percent(row.latestVsOffer)),
            ("amountRaised", .decimal(row.raised?.amount)), ("amountRaisedCurrency", .string(row.raised?.currency.code)),
            ("amountRaisedUpTo", .decimal(row.raised?.upTo)), ("amountRaisedAtLeast", row.raised.map { .bool($0.atLeast) } ?? .null),
            ("targetRaise", .decimal(row.target?.amount)), ("targetRaiseCurrency", .string(row.target?.currency.code)),
            ("targetRaiseUpTo", .decimal(row.target?.upTo)), ("targetRaiseAtLeast", row.target.map { .bool($0.atLeast) } ?? .null),
            ("daysListed", row.daysListed.map { .int($0) } ?? .null),
            ("doubtfulFields", .strings(doubtfulFields(row, ipo))),
        ]
        assert(fields.map(\.0) == ipoColumns, "the JSON and CSV fields of an IPO must match")
        return object(fields + [
            ("figureProvenance", object([
                ("offerPrice", quoteProvenance(ipo.offerPrice)), ("firstDayOpen", quoteProvenance(ipo.firstDayOpen)),
                ("firstDayClose", quoteProvenance(ipo.firstDayClose)), ("amountRaised", moneyProvenance(ipo.amountRaised)),
            ])),
            ("pricePoints", .array(ipo.pricePoints.map {
                object([("date", .date($0.date)), ("price", .decimal($0.price)), ("kind", .string($0.kind.rawValue))] + provenance($0.provenance))
            })),
            ("notes", .strings(ipo.notes)),
        ] + provenance(ipo.provenance))
    }

    /// Where a quoted price comes from: the change the source stated, confidence, note,
    /// sources and the alternatives (each with its own figure), but not the price itself.
    static func quoteProvenance(_ s: Sourced<PriceQuote>?) -> JSONValue {
        guard let s else { return .null }
        return object([("changePercent", .decimal(s.value.changePercent))] + provenance(s.provenance)
            + [("alternatives", .array(s.alternatives.map {
                object([("price", .decimal($0.value.price)), ("changePercent", .decimal($0.value.changePercent))] + provenance($0.provenance))
            }))])
    }

    /// Where an amount comes from, without the amount itself.
    static func moneyProvenance(_ s: Sourced<Money>?) -> JSONValue {
        guard let s else { return .null }
        return object(provenance(s.provenance) + [("alternatives", .array(s.alternatives.map {
            object(moneyFields($0.value) + provenance($0.provenance))
        }))])
    }

    static func event(_ e: PolicyEvent) -> JSONValue {
        object([
            ("id", .string(e.id)), ("date", .date(e.date)), ("dateNote", .string(e.dateNote)),
            ("jurisdiction", .string(e.jurisdiction.rawValue)), ("kind", .string(e.kind.rawValue)), ("title", .string(e.title)),
            ("issuer", .string(e.issuer)), ("amount", sourcedMoney(e.amount)), ("summary", .string(e.summary)),
            ("segments", .strings(e.segments.map(\.rawValue))), ("companyIds", .strings(e.companyIds)), ("notes", .strings(e.notes)),
            ("doubtfulFields", .strings(doubtfulFields(e))),
        ] + provenance(e.provenance))
    }

    /// A firm's score under a scenario and each factor's part in it: the value used,
    /// and the rationale, confidence and sources behind the firm's value.
    static func risk(_ score: RiskScore, snapshot: Snapshot) -> JSONValue {
        let assessment = snapshot.assessment(score.companyId)
        return object([
            ("companyId", .string(score.companyId)), ("name", .string(snapshot.company(score.companyId)?.name)),
            ("score", .double(score.score)), ("rank", .int(score.rank)), ("deltaVsBaseline", .double(score.deltaVsBaseline)),
            ("unknownShare", .double(score.unknownShare, places: 4)),
            ("contributions", .array(score.contributions.map { contribution in
                let assessed = assessment?.values[contribution.factorId]
                return object([("factor", .string(contribution.factorId)), ("points", .double(contribution.points, places: 3)),
                               ("value", .double(contribution.value, places: 3)), ("unknown", .bool(contribution.isUnknown)),
                               ("rationale", .string(assessed?.rationale))]
                              + (assessed.map { provenance($0.provenance) } ?? []))
            })),
        ])
    }

    // MARK: Doubt

    /// The fields (JSON keys, CSV columns) whose figure the table marks with `?`: low
    /// confidence, disputed or unverified. The same list in JSON and CSV.
    static func doubtfulFields(_ row: CompanyRow) -> [String] {
        [("nameZh", row.nameZhDoubtful), ("latestValuation", row.valuation?.value.isQuestionable == true),
         ("returnVsOfferPercent", row.returnDoubtful), ("entityList", row.entityListDoubtful)]
            .filter(\.1).map(\.0)
    }

    static func doubtfulFields(_ row: IPORow, _ ipo: IPO) -> [String] {
        [("offerPrice", ipo.offerPrice?.isQuestionable == true),
         ("firstDayOpen", row.openDoubtful), ("firstDayOpenVsOfferPercent", row.openDoubtful),
         ("firstDayClose", row.closeDoubtful), ("firstDayCloseVsOfferPercent", row.closeDoubtful),
         ("latestPrice", row.latestDoubtful), ("latestVsOfferPercent", row.latestDoubtful),
         ("amountRaised", row.raisedDoubtful), ("targetRaise", row.pending && ipo.amountRaised?.isQuestionable == true)]
            .filter(\.1).map(\.0)
    }

    static func doubtfulFields(_ e: PolicyEvent) -> [String] {
        [("title", e.provenance.confidence.isDoubtful), ("amount", e.amount?.isQuestionable == true)].filter(\.1).map(\.0)
    }
}
