/// Where a firm sits in the sector.
public enum Segment: String, Sendable, CaseIterable {
    case foundationModels = "foundation-models"
    case bigTechModels = "big-tech-models"
    case aiApplications = "ai-applications"
    case aiChips = "ai-chips"
    case foundry
    case autonomousDriving = "autonomous-driving"

    /// A short label for tables.
    public var label: String {
        switch self {
        case .foundationModels: "Model lab"
        case .bigTechModels: "Big tech"
        case .aiApplications: "AI apps"
        case .aiChips: "AI chips"
        case .foundry: "Foundry"
        case .autonomousDriving: "Auto chips"
        }
    }
}

/// Whether a firm's shares trade.
public enum CompanyStatus: String, Sendable, CaseIterable {
    case `private`
    case listed
    case filed

    public var label: String {
        switch self {
        case .private: "Private"
        case .listed: "Listed"
        case .filed: "Filed"
        }
    }
}

/// Exchanges that appear in the snapshot.
public enum Exchange: String, Sendable, CaseIterable {
    case hkex = "HKEX"
    case sseStar = "SSE-STAR"
    case sse = "SSE"
    case szse = "SZSE"
    case nyse = "NYSE"
    case nasdaq = "NASDAQ"

    /// Short label: "HK", "STAR", …
    public var label: String {
        switch self {
        case .hkex: "HK"
        case .sseStar: "STAR"
        case .sse: "SH"
        case .szse: "SZ"
        case .nyse: "NYSE"
        case .nasdaq: "NASDAQ"
        }
    }
}

/// Which government acted.
public enum Jurisdiction: String, Sendable, CaseIterable {
    case cn = "CN"
    case us = "US"
}

/// What kind of policy event it is.
public enum PolicyKind: String, Sendable, CaseIterable {
    case fund
    case subsidy
    case listingReform = "listing-reform"
    case regulation
    case exportControl = "export-control"
    case entityListing = "entity-listing"
    /// Other US lists: the Treasury's "Chinese military-industrial complex" investment ban.
    case sanctionsListing = "sanctions-listing"
    case procurementMandate = "procurement-mandate"
    case plan

    public var label: String {
        switch self {
        case .fund: "Fund"
        case .subsidy: "Subsidy"
        case .listingReform: "Listing reform"
        case .regulation: "Regulation"
        case .exportControl: "Export control"
        case .entityListing: "Entity List"
        case .sanctionsListing: "Sanctions list"
        case .procurementMandate: "Procurement"
        case .plan: "Plan"
        }
    }
}
