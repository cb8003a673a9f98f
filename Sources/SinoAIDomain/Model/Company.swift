import Foundation

/// A model lab, big-tech model family, chip firm or foundry.
public struct Company: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var nameZh: String?
    public var legalName: String?
    public var segment: Segment
    public var segmentDetail: String?
    public var hq: String?
    public var founded: CalendarDate?
    public var foundedNote: String?
    public var status: CompanyStatus
    public var statusNote: String?
    public var listings: [Listing]
    public var fundingRounds: [FundingRound]
    public var valuations: [Valuation]
    public var products: [String]
    public var entityList: EntityListStatus
    public var notes: [String]
    /// Fields whose confidence is lower than the record's, e.g. `nameZh` → unverified.
    public var fieldConfidence: [String: Confidence]
    public var provenance: Provenance

    public init(
        id: String, name: String, nameZh: String? = nil, legalName: String? = nil, segment: Segment,
        segmentDetail: String? = nil, hq: String? = nil, founded: CalendarDate? = nil, foundedNote: String? = nil,
        status: CompanyStatus, statusNote: String? = nil, listings: [Listing] = [], fundingRounds: [FundingRound] = [],
        valuations: [Valuation] = [], products: [String] = [], entityList: EntityListStatus = .noneFound,
        notes: [String] = [], fieldConfidence: [String: Confidence] = [:], provenance: Provenance
    ) {
        self.id = id; self.name = name; self.nameZh = nameZh; self.legalName = legalName
        self.segment = segment; self.segmentDetail = segmentDetail; self.hq = hq; self.founded = founded
        self.foundedNote = foundedNote; self.status = status; self.statusNote = statusNote
        self.listings = listings; self.fundingRounds = fundingRounds; self.valuations = valuations
        self.products = products; self.entityList = entityList; self.notes = notes
        self.fieldConfidence = fieldConfidence; self.provenance = provenance
    }

    /// The fields `fieldConfidence` may name: the profile's single facts without
    /// sources of their own (figures carry their own confidence).
    public static let fieldsWithConfidence: Set<String> = ["nameZh", "legalName", "hq", "founded"]

    /// The confidence of one field: its own override, else the record's.
    public func confidence(of field: String) -> Confidence {
        fieldConfidence[field] ?? provenance.confidence
    }

    /// The firm's own primary listing (not a parent group's), if any.
    public var primaryListing: Listing? {
        listings.first { !$0.isParent } ?? listings.first
    }

    /// The most recent valuation point: market caps, valuations and round valuations.
    public var latestValuation: Valuation? {
        let fromRounds = fundingRounds.compactMap { round -> Valuation? in
            guard let value = round.valuation, let date = round.date else { return nil }
            return Valuation(date: date, kind: .privateValuation, value: Sourced(value: value, provenance: round.provenance))
        }
        return (valuations.filter { $0.kind != .target } + fromRounds).max { $0.date < $1.date }
    }
}

/// A listing on an exchange.
public struct Listing: Sendable, Hashable {
    public var exchange: Exchange
    public var ticker: String?
    public var currency: CurrencyCode
    public var listingDate: CalendarDate?
    /// True when the shares are the parent group's (Alibaba for Qwen).
    public var isParent: Bool
    public var confidence: Confidence?
    public var note: String?

    public init(exchange: Exchange, ticker: String?, currency: CurrencyCode, listingDate: CalendarDate? = nil,
                isParent: Bool = false, confidence: Confidence? = nil, note: String? = nil) {
        self.exchange = exchange; self.ticker = ticker; self.currency = currency
        self.listingDate = listingDate; self.isParent = isParent; self.confidence = confidence; self.note = note
    }

    /// "HK:2513", "STAR:688795", "STAR:—".
    public var code: String { "\(exchange.label):\(ticker ?? "—")" }
}

/// A private funding round.
public struct FundingRound: Sendable, Hashable {
    public var date: CalendarDate?
    public var round: String
    public var amount: Money?
    public var leadInvestors: [String]
    public var investors: [String]
    public var valuation: Money?
    public var provenance: Provenance
    public var alternatives: [FundingRound]

    public init(date: CalendarDate?, round: String, amount: Money?, leadInvestors: [String] = [], investors: [String] = [],
                valuation: Money?, provenance: Provenance, alternatives: [FundingRound] = []) {
        self.date = date; self.round = round; self.amount = amount; self.leadInvestors = leadInvestors
        self.investors = investors; self.valuation = valuation; self.provenance = provenance; self.alternatives = alternatives
    }
}

/// A valuation or market-cap point.
public struct Valuation: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case marketCap = "market-cap"
        case privateValuation = "private-valuation"
        case ipoValuation = "ipo-valuation"
        case estimate
        /// What a firm seeks in a round not yet closed: shown, never the latest valuation.
        case target = "target-valuation"

        public var label: String {
            switch self {
            case .marketCap: "mkt cap"
            case .privateValuation: "valuation"
            case .ipoValuation: "IPO val."
            case .estimate: "estimate"
            case .target: "target"
            }
        }
    }

    public var date: CalendarDate
    public var kind: Kind
    public var value: Sourced<Money>

    public init(date: CalendarDate, kind: Kind, value: Sourced<Money>) {
        self.date = date; self.kind = kind; self.value = value
    }
}

/// Whether and when the US added the firm to the Entity List.
public struct EntityListStatus: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case listed
        /// No addition found in the sources; absence is not proven.
        case noneFound = "none-found"
    }

    public var status: Status
    public var dateAdded: CalendarDate?
    public var rule: String?
    public var provenance: Provenance
    /// Other dates given by other sources.
    public var alternativeDates: [Sourced<CalendarDate>.Alternative]

    public init(status: Status, dateAdded: CalendarDate? = nil, rule: String? = nil, provenance: Provenance,
                alternativeDates: [Sourced<CalendarDate>.Alternative] = []) {
        self.status = status; self.dateAdded = dateAdded; self.rule = rule
        self.provenance = provenance; self.alternativeDates = alternativeDates
    }

    public static let noneFound = EntityListStatus(status: .noneFound, provenance: Provenance(confidence: .unverified, sources: []))

    public var isListed: Bool { status == .listed }
}
