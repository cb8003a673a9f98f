import SinoAIDomain
import SinoAIText

/// What `/` matches, shared by every panel so a firm is found by the same words in each.
enum SearchTerms {
    /// A firm's searchable words: id, English, Chinese and legal names, tickers, products.
    static func firm(_ company: Company) -> [String] {
        [company.id, company.name, company.nameZh ?? "", company.legalName ?? ""]
            + company.listings.compactMap(\.ticker) + company.products
    }

    /// The words of the firm `id` in the snapshot; its id and shown name if it is not there.
    static func firm(_ id: String, name: String, in snapshot: Snapshot) -> [String] {
        snapshot.company(id).map(firm) ?? [name, id]
    }

    /// Terms joined by a separator no query contains (so no match spans two terms),
    /// folded to lower case.
    static func key(_ terms: [String]) -> String {
        terms.joined(separator: "\u{1F}").searchFolded
    }
}
