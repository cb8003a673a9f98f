import Foundation
import SinoAIDomain

/// What the IPO table shows for one listing; also the basis of `sinoai ipos`.
public struct IPORow: Sendable, Equatable, Identifiable {
    public var id: String
    public var companyId: String
    public var companyName: String
    public var code: String
    public var currency: CurrencyCode
    public var listingDate: CalendarDate?
    public var pending: Bool
    public var offer: Decimal?
    public var openVsOffer: Decimal?
    public var openDoubtful: Bool
    public var closeVsOffer: Decimal?
    public var closeDoubtful: Bool
    public var latestPrice: Decimal?
    public var latestDate: CalendarDate?
    public var latestVsOffer: Decimal?
    public var latestDoubtful: Bool
    /// Money raised (nil for a pending IPO: its amount is a target, in `target`).
    public var raised: Money?
    public var raisedDoubtful: Bool
    /// What a pending IPO seeks to raise.
    public var target: Money?
    /// Days from listing to the snapshot's as-of date.
    public var daysListed: Int?

    public init(ipo: IPO, snapshot: Snapshot) {
        id = ipo.id
        companyId = ipo.companyId
        companyName = snapshot.company(ipo.companyId)?.name ?? ipo.companyId
        code = ipo.code
        currency = ipo.currency
        listingDate = ipo.listingDate
        pending = ipo.status == .pending
        offer = ipo.offerPrice?.value.price
        openVsOffer = ipo.percentVsOffer(ipo.firstDayOpen?.value)
        openDoubtful = ipo.firstDayOpen?.isQuestionable ?? false
        closeVsOffer = ipo.percentVsOffer(ipo.firstDayClose?.value)
        closeDoubtful = ipo.firstDayClose?.isQuestionable ?? false
        let latest = ipo.latestKnownPrice
        latestPrice = latest?.price
        latestDate = latest?.date
        if let latest, let offer, offer > 0 { latestVsOffer = (latest.price - offer) / offer * 100 } else { latestVsOffer = nil }
        latestDoubtful = latest?.provenance.confidence.isDoubtful ?? false
        raised = pending ? nil : ipo.amountRaised?.value
        raisedDoubtful = !pending && ipo.amountRaised?.isQuestionable == true
        target = pending ? ipo.amountRaised?.value : nil
        if let date = ipo.listingDate, ipo.status == .listed {
            daysListed = snapshot.manifest.asOf.dayNumber - date.dayNumber
        } else {
            daysListed = nil
        }
    }
}
