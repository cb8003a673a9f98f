import Foundation

/// Turns parsed JSON into domain records, reporting every problem it meets. Records
/// with problems in required fields are dropped; the caller treats any problem as a
/// failed load, so a half-valid snapshot is never used.
struct SnapshotDecoder {
    let context: DecodingContext

    // MARK: Shared shapes

    func sources(_ reader: ObjectReader, required: Bool) -> [Source]? {
        guard reader.has("sources") else {
            reader.node("sources", required: false)
            if required { reader.report(.missingSources, "no sources: every record that states facts needs at least one", field: "sources") }
            return nil
        }
        let list = reader.array("sources").compactMap { element -> Source? in
            guard let item = reader.object(element) else { return nil }
            defer { item.finish() }
            let title = item.sharedString("title", required: true)
            let publisher = item.sharedString("publisher", required: true)
            let url = item.string("url", required: true)
            let date = item.date("date")
            if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("file:")) || url.utf8.contains(0x20) {
                item.report(.invalidValue, "not an http(s) URL or a file: reference: \"\(Text.escaped(url, limit: 60))\"", field: "url")
            }
            guard let title, let publisher, let url else { return nil }
            return Source(title: title, publisher: publisher, url: url, date: date)
        }
        if required && list.isEmpty {
            reader.report(.missingSources, "no sources: every record that states facts needs at least one", field: "sources")
        }
        return list
    }

    /// `confidence`, `sources`, `note`; nested figures inherit what they do not state.
    func provenance(_ reader: ObjectReader, inheriting parent: Provenance?, sourcesRequired: Bool? = nil) -> Provenance {
        let confidence: Confidence? = reader.enumValue("confidence", required: parent == nil)
        let list = sources(reader, required: sourcesRequired ?? (parent == nil))
        let note = reader.string("note")
        return Provenance(confidence: confidence ?? parent?.confidence ?? .unverified,
                          sources: list ?? parent?.sources ?? [], note: note)
    }

    func money(_ reader: ObjectReader) -> Money? {
        let amount = reader.decimal("amount", required: true)
        let currency = reader.currency("currency")
        var upTo = reader.decimal("upTo")
        let atLeast = reader.bool("atLeast") ?? false
        if let low = amount, let high = upTo, high <= low {
            reader.report(.outOfRange, "the top of a range must be above its amount (\(high) ≤ \(low))", field: "upTo")
            upTo = nil
        }
        if upTo != nil && atLeast {
            reader.report(.outOfRange, "a range (upTo) cannot also be a floor (atLeast)", field: "atLeast")
        }
        guard let amount, let currency else { return nil }
        return Money(amount: amount, currency: currency, upTo: upTo, atLeast: atLeast && upTo == nil)
    }

    func moneyObject(_ reader: ObjectReader, _ key: String) -> Money? {
        guard let object = reader.object(key) else { return nil }
        defer { object.finish() }
        return money(object)
    }

    /// A figure with provenance and alternatives; `value` reads the figure's own fields.
    func sourced<Value>(_ reader: ObjectReader, _ key: String, parent: Provenance,
                        value: (ObjectReader) -> Value?) -> Sourced<Value>? {
        guard let object = reader.object(key) else { return nil }
        return sourced(object, parent: parent, value: value)
    }

    func sourced<Value>(_ object: ObjectReader, parent: Provenance, value: (ObjectReader) -> Value?) -> Sourced<Value>? {
        defer { object.finish() }
        let main = value(object)
        let provenance = self.provenance(object, inheriting: parent)
        let alternatives = object.array("alternatives").compactMap { element -> Sourced<Value>.Alternative? in
            guard let alt = object.object(element) else { return nil }
            defer { alt.finish() }
            let altValue = value(alt)
            // An alternative exists because another source disagrees: it must name it.
            let altProvenance = self.provenance(alt, inheriting: provenance, sourcesRequired: true)
            guard let altValue else { return nil }
            return .init(value: altValue, provenance: altProvenance)
        }
        guard let main else { return nil }
        return Sourced(value: main, provenance: provenance, alternatives: alternatives)
    }

    func priceQuote(_ reader: ObjectReader) -> PriceQuote? {
        let price = reader.decimal("price")
        let change = reader.decimal("changePercent", nonNegative: false)
        if price == nil && change == nil && !reader.has("price") && !reader.has("changePercent") {
            reader.report(.missingField, "a price figure needs price or changePercent", field: "price")
            return nil
        }
        return PriceQuote(price: price, changePercent: change)
    }

    /// The record's `id` (or `companyId`) for messages, before it is validated.
    static func recordId(_ tape: JSONTape, _ ref: Int) -> String? {
        guard tape.kind(ref) == .object else { return nil }
        for key in ["id", "companyId"] {
            if let member = tape.members(ref).first(where: { tape.stringEquals($0.key, key) }), tape.kind(member.value) == .string {
                return Text.escaped(tape.string(member.value), limit: 60)
            }
        }
        return nil
    }

    /// Where a file's bytes come from: memory, or a file read a window at a time.
    enum Input {
        case bytes(UnsafeBufferPointer<UInt8>)
        case file(JSONByteSource)
    }

    /// Reads one file: each record is decoded as soon as the tape builder has it, then
    /// the top-level object (without its records). Malformed JSON anywhere gives one
    /// `malformed-json` problem and nothing else for the file.
    func read<Result>(_ input: Input, _ reading: FileReading<Result>) -> Result? {
        var counters: [String: Int] = [:]
        let onRecord: JSONTapeBuilder.RecordHandler = { key, tape, element in
            guard let records = reading.records[key] else { return }
            let index = counters[key, default: 0]
            counters[key] = index + 1
            context.tape = tape
            defer { context.endRecord() }
            let name = records.name(Self.recordId(tape, element), index)
            guard let reader = ObjectReader(element, context: context, record: name) else { return }
            records.read(reader)
            reader.finish()
        }
        let root = { (top: JSONTape) -> Result? in
            context.tape = top
            defer { context.endRecord() }
            guard let reader = ObjectReader(0, context: context, record: nil) else { return nil }
            let result = reading.root(reader)
            reader.finish()
            return result
        }
        do {
            switch input {
            case .bytes(let bytes): return try JSONTapeBuilder.withTape(bytes, onRecord: onRecord, root)
            case .file(let source):
                let result = try JSONTapeBuilder.withTape(reading: source, onRecord: onRecord, root)
                return readFailed(source) ? nil : result
            }
        } catch {
            if case .file(let source) = input, readFailed(source) { return nil }
            // The failure lies in what is in memory now (the last record's tape may not).
            switch input {
            case .bytes(let bytes): context.tape = JSONTape(bytes: bytes, entries: .init(start: nil, count: 0))
            case .file(let source):
                context.tape = JSONTape(bytes: source.window, base: source.base, basePosition: source.basePosition,
                                        entries: .init(start: nil, count: 0))
            }
            context.discardProblems()
            context.report(.malformedJSON, "malformed JSON: \(error.message)", record: nil, field: "", offset: error.offset)
            context.endRecord()
            return nil
        }
    }

    /// A read error ends the input early: report it instead of what it caused.
    private func readFailed(_ source: JSONByteSource) -> Bool {
        guard let error = source.readError else { return false }
        context.discardProblems()
        context.report(.unreadableFile, "cannot read: \(String(cString: strerror(error)))", record: nil, field: "", offset: nil)
        return true
    }

    /// A file whose records sit in one array under `key`.
    private func recordsFile<T>(key: String, decode: @escaping (ObjectReader) -> T?) -> FileReading<[T]> {
        let collected = Collected<T>()
        return FileReading(records: [key: .init { id, index in id ?? "#\(index)" } read: { collected.append(decode($0)) }],
                           root: { top in
                               top.requireArray(key)
                               return collected.items
                           })
    }

    func slug(_ reader: ObjectReader, _ key: String) -> String? {
        guard let id = reader.string(key, required: true) else { return nil }
        if id.isEmpty || !id.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) {
            reader.report(.invalidValue, "ids are slugs of a-z, 0-9 and '-' (found \"\(Text.escaped(id, limit: 40))\")", field: key)
        }
        return id
    }

    // MARK: Files

    func manifestFile() -> FileReading<Manifest> {
        FileReading(records: [:], root: manifest)
    }

    private func manifest(_ reader: ObjectReader) -> Manifest? {
        let version = reader.int("schemaVersion", required: true)
        let asOf = reader.date("asOf", required: true)
        let description = reader.string("description", required: true)
        if let version, version != Manifest.supportedSchemaVersion {
            reader.report(.unsupportedSchema, "schema version \(version) is not supported (this build reads \(Manifest.supportedSchemaVersion))", field: "schemaVersion")
            return nil
        }
        if let asOf, asOf.precision != .day {
            reader.report(.invalidDate, "asOf must be a full date (YYYY-MM-DD)", field: "asOf")
        }
        guard let version, let asOf, let description else { return nil }
        return Manifest(schemaVersion: version, asOf: asOf, description: description)
    }

    func companiesFile() -> FileReading<[Company]> {
        recordsFile(key: "companies", decode: company)
    }

    func company(_ r: ObjectReader) -> Company? {
        let id = slug(r, "id")
        let name = r.sharedString("name", required: true)
        let nameZh = r.string("nameZh")
        let legalName = r.string("legalName")
        let segment: Segment? = r.enumValue("segment", required: true)
        let segmentDetail = r.sharedString("segmentDetail")
        let hq = r.sharedString("hq")
        let founded = r.date("founded")
        let foundedNote = r.string("foundedNote")
        let status: CompanyStatus? = r.enumValue("status", required: true)
        let statusNote = r.sharedString("statusNote")
        let provenance = self.provenance(r, inheriting: nil)
        let listings = r.array("listings").compactMap { element -> Listing? in
            guard let l = r.object(element) else { return nil }
            defer { l.finish() }
            let exchange: Exchange? = l.enumValue("exchange", required: true)
            let ticker = l.string("ticker")
            let currency = l.currency("currency")
            let date = l.date("listingDate")
            let isParent = l.bool("isParent") ?? false
            let confidence: Confidence? = l.enumValue("confidence")
            let note = l.string("note")
            guard let exchange, let currency else { return nil }
            return Listing(exchange: exchange, ticker: ticker, currency: currency, listingDate: date, isParent: isParent,
                           confidence: confidence, note: note)
        }
        let rounds = r.array("fundingRounds").compactMap { element in
            r.object(element).flatMap {
                fundingRound($0, parent: provenance, allowAlternatives: true)
            }
        }
        let valuations = r.array("valuations").compactMap { element -> Valuation? in
            guard let v = r.object(element) else { return nil }
            let date = v.date("date", required: true)
            let kind: Valuation.Kind? = v.enumValue("kind", required: true)
            let value = sourced(v, parent: provenance) { reader in moneyObject(reader, "value") }
            guard let date, let kind, let value else { return nil }
            return Valuation(date: date, kind: kind, value: value)
        }
        let products = r.strings("products").map(context.intern)
        let entityList = r.object("entityList", required: true).flatMap(entityListStatus) ?? .noneFound
        let notes = r.strings("notes").map(context.intern)
        var fieldConfidence: [String: Confidence] = [:]
        if let map = r.object("fieldConfidence") {
            for member in map.mapMembers() {
                guard Company.fieldsWithConfidence.contains(member.key) else {
                    map.report(.unknownField, "not a field that takes a confidence (one of: "
                               + Company.fieldsWithConfidence.sorted().joined(separator: ", ") + "); a typo?", field: member.key)
                    continue
                }
                if let confidence: Confidence = ObjectReader.enumValue(member.ref, context: context, record: r.record,
                                                                       field: map.fieldPath(member.key)) {
                    fieldConfidence[member.key] = confidence
                }
            }
        }
        guard let id, let name, let segment, let status else { return nil }
        return Company(id: id, name: name, nameZh: nameZh, legalName: legalName, segment: segment,
                       segmentDetail: segmentDetail, hq: hq, founded: founded, foundedNote: foundedNote, status: status,
                       statusNote: statusNote, listings: listings, fundingRounds: rounds, valuations: valuations,
                       products: products, entityList: entityList, notes: notes, fieldConfidence: fieldConfidence,
                       provenance: provenance)
    }

    func fundingRound(_ f: ObjectReader, parent: Provenance, allowAlternatives: Bool) -> FundingRound? {
        defer { f.finish() }
        let date = f.date("date")
        let round = f.sharedString("round", required: true)
        let amount = moneyObject(f, "amount")
        let leads = f.strings("leadInvestors").map(context.intern)
        let investors = f.strings("investors").map(context.intern)
        let valuation = moneyObject(f, "valuation")
        let provenance = self.provenance(f, inheriting: parent, sourcesRequired: allowAlternatives ? nil : true)
        let alternatives = allowAlternatives ? f.array("alternatives").compactMap { element in
            f.object(element).flatMap {
                fundingRound($0, parent: provenance, allowAlternatives: false)
            }
        } : []
        guard let round else { return nil }
        return FundingRound(date: date, round: round, amount: amount, leadInvestors: leads, investors: investors,
                            valuation: valuation, provenance: provenance, alternatives: alternatives)
    }

    func entityListStatus(_ e: ObjectReader) -> EntityListStatus? {
        defer { e.finish() }
        let status: EntityListStatus.Status? = e.enumValue("status", required: true)
        let dateAdded = e.date("dateAdded")
        let rule = e.sharedString("rule")
        let confidence: Confidence? = e.enumValue("confidence")
        let list = sources(e, required: status == .listed) ?? []
        let note = e.string("note")
        let provenance = Provenance(confidence: confidence ?? .unverified, sources: list, note: note)
        let alternatives = e.array("alternatives").compactMap { element -> Sourced<CalendarDate>.Alternative? in
            guard let alt = e.object(element) else { return nil }
            defer { alt.finish() }
            let date = alt.date("dateAdded", required: true)
            let altProvenance = self.provenance(alt, inheriting: provenance, sourcesRequired: true)
            guard let date else { return nil }
            return .init(value: date, provenance: altProvenance)
        }
        guard let status else { return nil }
        return EntityListStatus(status: status, dateAdded: dateAdded, rule: rule, provenance: provenance,
                                alternativeDates: alternatives)
    }

    func iposFile() -> FileReading<[IPO]> {
        recordsFile(key: "ipos") { r in
            let id = slug(r, "id")
            let companyId = r.string("companyId", required: true)
            let exchange: Exchange? = r.enumValue("exchange", required: true)
            let ticker = r.string("ticker")
            let currency = r.currency("currency")
            let listingDate = r.date("listingDate")
            let status: IPO.Status = r.enumValue("status") ?? .listed
            let provenance = self.provenance(r, inheriting: nil)
            let offer = sourced(r, "offerPrice", parent: provenance, value: priceQuote)
            let raised = sourced(r, "amountRaised", parent: provenance, value: money)
            let open = sourced(r, "firstDayOpen", parent: provenance, value: priceQuote)
            let close = sourced(r, "firstDayClose", parent: provenance, value: priceQuote)
            let points = r.array("pricePoints").compactMap { element -> PricePoint? in
                guard let p = r.object(element) else { return nil }
                defer { p.finish() }
                let date = p.date("date", required: true)
                let price = p.decimal("price", required: true)
                let kind: PricePoint.Kind? = p.enumValue("kind", required: true)
                let pointProvenance = self.provenance(p, inheriting: provenance)
                guard let date, let price, let kind else { return nil }
                return PricePoint(date: date, price: price, kind: kind, provenance: pointProvenance)
            }
            let notes = r.strings("notes").map(context.intern)
            // (A listingDate that is there but invalid has been reported already.)
            if status == .listed && listingDate == nil && !r.hasValue("listingDate") {
                r.report(.missingField, "a listed IPO needs a listingDate", field: "listingDate")
            }
            guard let id, let companyId, let exchange, let currency else { return nil }
            return IPO(id: id, companyId: companyId, exchange: exchange, ticker: ticker, currency: currency,
                       listingDate: listingDate, status: status, offerPrice: offer, amountRaised: raised,
                       firstDayOpen: open, firstDayClose: close, pricePoints: points.sorted { $0.date < $1.date },
                       notes: notes, provenance: provenance)
        }
    }

    func policiesFile() -> FileReading<[PolicyEvent]> {
        recordsFile(key: "events") { r in
            let id = slug(r, "id")
            let date = r.date("date", required: true)
            let dateNote = r.string("dateNote")
            let jurisdiction: Jurisdiction? = r.enumValue("jurisdiction", required: true)
            let kind: PolicyKind? = r.enumValue("kind", required: true)
            let title = r.string("title", required: true)
            let issuer = r.sharedString("issuer")
            let provenance = self.provenance(r, inheriting: nil)
            let amount = sourced(r, "amount", parent: provenance, value: money)
            let summary = r.sharedString("summary", required: true)
            let segments = r.array("segments").compactMap { element -> Segment? in
                ObjectReader.enumValue(element.ref, context: context, record: r.record, field: element.path(in: r))
            }
            let companyIds = r.strings("companyIds")
            let notes = r.strings("notes").map(context.intern)
            guard let id, let date, let jurisdiction, let kind, let title, let summary else { return nil }
            return PolicyEvent(id: id, date: date, dateNote: dateNote, jurisdiction: jurisdiction, kind: kind, title: title,
                               issuer: issuer, amount: amount, summary: summary, segments: segments,
                               companyIds: companyIds, notes: notes, provenance: provenance)
        }
    }

    func riskFile() -> FileReading<RiskModel> {
        let factors = Collected<RiskFactor>()
        let assessments = Collected<RiskAssessment>()
        let scenarios = Collected<RiskScenario>()
        return FileReading(records: [
            "factors": .init(name: { id, index in id.map { "factor \($0)" } ?? "factor #\(index)" }) { factors.append(factor($0)) },
            "assessments": .init(name: { id, index in id ?? "#\(index)" }) { assessments.append(assessment($0)) },
            "scenarios": .init(name: { id, index in id.map { "scenario \($0)" } ?? "scenario #\(index)" }) { scenarios.append(scenario($0)) },
        ]) { r in
            let description = r.string("description", required: true) ?? ""
            let unknownValue = r.double("unknownValue") ?? 0.5
            if !(0...1).contains(unknownValue) {
                r.report(.outOfRange, "must be within 0…1 (found \(unknownValue))", field: "unknownValue")
            }
            for key in ["factors", "assessments", "scenarios"] { r.requireArray(key) }
            return RiskModel(description: description, unknownValue: unknownValue, factors: factors.items,
                             assessments: assessments.items, scenarios: scenarios.items)
        }
    }

    private func factor(_ f: ObjectReader) -> RiskFactor? {
        let id = slug(f, "id")
        let code = f.string("code", required: true)
        let name = f.string("name", required: true)
        let definition = f.string("definition", required: true)
        let scale = f.string("scale", required: true)
        let weight = f.double("weight", required: true)
        if let weight, weight <= 0 { f.report(.outOfRange, "weight must be positive (found \(weight))", field: "weight") }
        guard let id, let code, let name, let definition, let scale, let weight else { return nil }
        return RiskFactor(id: id, code: code, name: name, definition: definition, scale: scale, weight: weight)
    }

    private func assessment(_ a: ObjectReader) -> RiskAssessment? {
        let recordId = a.record
        let companyId = a.string("companyId", required: true)
        var values = FactorValues()
        if let map = a.object("values", required: true) {
            for member in map.mapMembers() {
                guard let v = ObjectReader(member.ref, context: context, record: recordId, parent: map, key: member.key) else { continue }
                defer { v.finish() }
                let value = v.double("value", required: false)
                if !v.has("value") { v.report(.missingField, "required field is missing (use null for unknown)", field: "value") }
                if let value, !(0...1).contains(value) {
                    v.report(.outOfRange, "factor values are within 0…1 (found \(value))", field: "value")
                }
                let rationale = v.sharedString("rationale", required: true) ?? ""
                let provenance = self.provenance(v, inheriting: Provenance(confidence: .unverified, sources: []),
                                                 sourcesRequired: value != nil)
                values.append(id: member.key, value: FactorValue(value: value.map { min(1, max(0, $0)) }, rationale: rationale, provenance: provenance))
            }
        }
        guard let companyId else { return nil }
        return RiskAssessment(companyId: companyId, values: values)
    }

    private func scenario(_ s: ObjectReader) -> RiskScenario? {
        let id = slug(s, "id")
        let name = s.string("name", required: true)
        let description = s.string("description", required: true)
        let adjustments = s.array("adjustments").compactMap { element -> RiskScenario.Adjustment? in
            guard let a = s.object(element) else { return nil }
            defer { a.finish() }
            let factor = a.string("factor", required: true)
            let companyIds = a.has("companyIds") ? a.strings("companyIds") : nil
            let operation: RiskScenario.Adjustment.Operation? = a.enumValue("op", required: true)
            let value = a.double("value", required: true)
            let rationale = a.string("rationale", required: true)
            if let value, let operation {
                let range: ClosedRange<Double> = operation == .set ? 0...1 : -1...1
                if !range.contains(value) { a.report(.outOfRange, "value must be within \(range.lowerBound)…\(range.upperBound) for op \(operation.rawValue)", field: "value") }
            }
            guard let factor, let operation, let value, let rationale else { return nil }
            return RiskScenario.Adjustment(factor: factor, companyIds: companyIds, operation: operation, value: value, rationale: rationale)
        }
        guard let id, let name, let description else { return nil }
        return RiskScenario(id: id, name: name, description: description, adjustments: adjustments)
    }
}

/// How one file is read: the records under each top-level key as they stream past,
/// then the top-level object itself (its records already taken out).
struct FileReading<Result> {
    struct Records {
        /// The record's name in messages from its id (if it has one) and position.
        var name: (String?, Int) -> String
        var read: (ObjectReader) -> Void
    }

    var records: [String: Records]
    var root: (ObjectReader) -> Result?
}

/// Records decoded so far (shared by the record handler and the file's root reader).
final class Collected<T> {
    private(set) var items: [T] = []
    func append(_ item: T?) { if let item { items.append(item) } }
}
