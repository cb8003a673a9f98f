import Foundation

/// What an import would do to one listing's price points.
public struct PriceImportPlan: Sendable {
    public struct Update: Sendable, Hashable {
        public var date: CalendarDate
        public var old: Decimal
        public var new: Decimal
    }

    public var ipoId: String
    public var added: [DailyPrice]
    public var updated: [Update]
    public var unchanged: Int
    /// The new ipos.json text (only meaningful when something changes).
    public var newFile: String

    public var changesSomething: Bool { !added.isEmpty || !updated.isEmpty }

    /// One line per change, for `--dry-run` and the confirmation.
    public var summary: [String] {
        added.map { "add    \(ipoId) \($0.date) close \($0.close)" }
            + updated.map { "update \(ipoId) \($0.date) close \($0.old) → \($0.new)" }
    }
}

/// Merges daily closes into `ipos.json`, editing the parsed JSON tree so every other
/// byte of meaning (field order, exact numbers, notes) stays as it was.
public enum PriceImport {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var message: String
        /// The command line asked for something that is not there (a ticker the firm
        /// does not have), as opposed to a file or a merge that cannot be done.
        public var isUsageError = false
        public var description: String { message }
    }

    /// The note on every imported point: how a later import tells its own figures
    /// (replaced freely) from sourced ones (replaced only when asked).
    public static let importedNote = "Daily close imported from a vendor export"

    /// Plans the merge of `prices` into the IPO of `companyId` whose ticker matches
    /// (`688802` matches `688802.SS`). Prices after the snapshot's `asOf` are refused. A
    /// close that differs from a sourced figure already there is a conflict, refused
    /// unless `overwrite`; a replaced figure takes the export as its source and note, so
    /// a number is never credited to a source that did not give it.
    public static func plan(iposJSON: [UInt8], companyId: String, ticker: String, prices: [DailyPrice],
                            source: Source, asOf: CalendarDate, overwrite: Bool = false) throws(Failure) -> PriceImportPlan {
        let late = prices.filter { $0.date > asOf }
        if !late.isEmpty {
            let dates = late.prefix(3).map(\.date.description).joined(separator: ", ") + (late.count > 3 ? ", …" : "")
            throw Failure(message: "\(late.count) row\(late.count == 1 ? " is" : "s are") dated after the snapshot's as-of date \(asOf) "
                          + "(\(dates)); move asOf in manifest.json first")
        }
        let root: JSONNode
        do { root = try JSONParser.parse(iposJSON) } catch {
            throw Failure(message: "ipos.json is not valid JSON (\(error.message)); fix it first (sinoai validate)")
        }
        guard case .object(var top) = root.value, let listIndex = top.firstIndex(where: { $0.key == "ipos" }),
              case .array(var ipos) = top[listIndex].node.value else {
            throw Failure(message: "ipos.json has no \"ipos\" array")
        }
        let baseTicker = ticker.split(separator: ".").first.map(String.init) ?? ticker
        func string(_ members: [JSONMember], _ key: String) -> String? {
            if let member = members.first(where: { $0.key == key }), case .string(let s) = member.node.value { return s }
            return nil
        }
        func decimal(_ members: [JSONMember], _ key: String) -> Decimal? {
            if let member = members.first(where: { $0.key == key }), case .number(let text) = member.node.value { return ObjectReader.decimal(text) }
            return nil
        }
        let candidates = ipos.indices.filter { i in
            guard case .object(let members) = ipos[i].value, string(members, "companyId") == companyId else { return false }
            let own = string(members, "ticker")
            return own == ticker || own == baseTicker
        }
        guard candidates.count == 1, let index = candidates.first, case .object(var members) = ipos[index].value else {
            let tickers = ipos.compactMap { node -> String? in
                guard case .object(let m) = node.value, string(m, "companyId") == companyId else { return nil }
                return string(m, "ticker") ?? "(no ticker)"
            }
            throw Failure(message: tickers.isEmpty
                ? "no IPO of company \"\(Text.escaped(companyId, limit: 40))\" in ipos.json"
                : "no IPO of \(companyId) with ticker \(Text.escaped(ticker, limit: 20)) (its tickers: \(tickers.joined(separator: ", ")))",
                isUsageError: !tickers.isEmpty)
        }
        let ipoId = string(members, "id") ?? companyId
        var points: [JSONNode] = []
        var pointsIndex = members.firstIndex { $0.key == "pricePoints" }
        if let i = pointsIndex, case .array(let existing) = members[i].node.value { points = existing }
        if pointsIndex == nil {
            members.append(JSONMember(key: "pricePoints", node: JSONNode(.array([JSONNode]()))))
            pointsIndex = members.count - 1
        }
        var added: [DailyPrice] = []
        var updated: [PriceImportPlan.Update] = []
        var conflicts: [String] = []
        var unchanged = 0
        // The sourced first-day close is a close too: a different one for that day conflicts.
        let listingDate = string(members, "listingDate")
        let firstDayClose: Decimal? = members.first { $0.key == "firstDayClose" }.flatMap { member -> Decimal? in
            guard case .object(let quote) = member.node.value else { return nil }
            return decimal(quote, "price")
        }
        for price in prices {
            if !overwrite, price.date.description == listingDate, let first = firstDayClose, first != price.close {
                conflicts.append("\(price.date): \(first) first-day close in ipos.json (sourced), \(price.close) in the file")
                continue
            }
            let existing = points.indices.first { i in
                guard case .object(let p) = points[i].value else { return false }
                return string(p, "date") == price.date.description && string(p, "kind") == "close"
            }
            if let i = existing, case .object(let p) = points[i].value {
                let old = decimal(p, "price")
                if old == price.close { unchanged += 1; continue }
                let imported = string(p, "note")?.hasPrefix(importedNote) == true
                if !imported && !overwrite {
                    conflicts.append("\(price.date): \(old.map { "\($0)" } ?? "no price") in ipos.json (sourced), \(price.close) in the file")
                    continue
                }
                // The point is the export's now: its price, note, confidence and source.
                var replaced = p.filter { !["price", "note", "confidence", "sources"].contains($0.key) }
                replaced += pointFields(price, source: source,
                                        note: imported ? importedNote : importedNote + "; replaced \(old.map { "\($0)" } ?? "a close") from the earlier sources")
                points[i] = JSONNode(.object(replaced))
                updated.append(.init(date: price.date, old: old ?? 0, new: price.close))
            } else {
                points.append(JSONNode(.object([
                    JSONMember(key: "date", node: JSONNode(.string(price.date.description))),
                    JSONMember(key: "kind", node: JSONNode(.string("close"))),
                ] + pointFields(price, source: source, note: importedNote))))
                added.append(price)
            }
        }
        if !conflicts.isEmpty {
            throw Failure(message: "\(conflicts.count) close\(conflicts.count == 1 ? " differs" : "s differ") from sourced figures; nothing written "
                          + "(--overwrite replaces them, with the file as their source):\n" + conflicts.joined(separator: "\n"))
        }
        points.sort { a, b in
            func date(_ n: JSONNode) -> String { if case .object(let m) = n.value { return string(m, "date") ?? "" }; return "" }
            return date(a) < date(b)
        }
        members[pointsIndex!].node = JSONNode(.array(points))
        ipos[index] = JSONNode(.object(members))
        top[listIndex].node = JSONNode(.array(ipos))
        return PriceImportPlan(ipoId: ipoId, added: added, updated: updated, unchanged: unchanged,
                               newFile: JSONWriter.write(.object(top)) + "\n")
    }

    /// An imported point's price, note, confidence and source.
    private static func pointFields(_ price: DailyPrice, source: Source, note: String) -> [JSONMember] {
        [
            JSONMember(key: "price", node: JSONNode(.number("\(price.close)"))),
            JSONMember(key: "note", node: JSONNode(.string(note))),
            JSONMember(key: "confidence", node: JSONNode(.string("single-source"))),
            JSONMember(key: "sources", node: JSONNode(.array([JSONNode(.object([
                JSONMember(key: "title", node: JSONNode(.string(source.title))),
                JSONMember(key: "publisher", node: JSONNode(.string(source.publisher))),
                JSONMember(key: "url", node: JSONNode(.string(source.url))),
                JSONMember(key: "date", node: JSONNode(source.date.map { .string($0.description) } ?? .null)),
            ]))]))),
        ]
    }
}
