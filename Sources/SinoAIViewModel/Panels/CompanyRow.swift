import Foundation
import SinoAIDomain

/// What the company list shows for one firm; also the basis of `sinoai companies`.
public struct CompanyRow: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    public var nameZh: String?
    public var nameZhDoubtful: Bool
    public var segment: Segment
    public var status: CompanyStatus
    public var listing: String?
    public var valuation: Valuation?
    public var returnVsOffer: Decimal?
    public var returnDoubtful: Bool
    public var riskScore: Double?
    public var riskRank: Int?
    public var entityListed: Bool
    /// Listed, but on low-confidence sources or with sources disagreeing on the date.
    public var entityListDoubtful: Bool
    public var entityListDate: CalendarDate?

    public init(company: Company, snapshot: Snapshot, scenario: String = RiskScenario.baselineID) {
        id = company.id
        name = company.name
        nameZh = company.nameZh
        nameZhDoubtful = company.nameZh != nil && company.confidence(of: "nameZh").isDoubtful
        segment = company.segment
        status = company.status
        listing = company.primaryListing?.code
        valuation = company.latestValuation
        let ipo = snapshot.ipos(of: company.id).first { $0.status == .listed }
        if let ipo, let latest = ipo.latestKnownPrice, let offer = ipo.offerPrice?.value.price, offer > 0 {
            returnVsOffer = (latest.price - offer) / offer * 100
            returnDoubtful = latest.provenance.confidence.isDoubtful || ipo.offerPrice?.isQuestionable == true
        } else {
            returnVsOffer = nil
            returnDoubtful = false
        }
        let risk = snapshot.riskSummary(company.id, scenario: scenario)
        riskScore = risk?.score
        riskRank = risk?.rank
        entityListed = company.entityList.isListed
        entityListDoubtful = entityListed
            && (company.entityList.provenance.confidence.isDoubtful || !company.entityList.alternativeDates.isEmpty)
        entityListDate = company.entityList.dateAdded
    }

    /// "HK$85.50bn mkt cap 2026-01-02".
    public var valuationText: String {
        guard let valuation else { return Format.unknown }
        return Format.money(valuation.value.value) + Format.doubtMarker(valuation.value.isQuestionable)
    }
}
