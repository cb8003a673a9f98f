import Foundation

/// A deterministic pseudo-random generator (SplitMix64): the same seed always gives
/// the same snapshot, so figures measured on different days compare.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0..<bound
    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}

/// Writes a synthetic but schema-valid snapshot folder: N firms with Chinese names,
/// listings, funding rounds, valuations, IPOs with price points, policy events and a
/// seven-factor risk model with one assessment per firm. A development tool: it never
/// writes into the package's `Data/` folder.
struct SnapshotGenerator {
    var firms: Int
    var seed: UInt64 = 2026

    /// Version of the generated shape; cached snapshots from another version are rebuilt.
    static let version = 1
    static let asOf = "2026-11-20"
    static let markerFile = "SYNTHETIC-SNAPSHOT.txt"

    struct Summary {
        var firms = 0
        var listed = 0
        var ipos = 0
        var pricePoints = 0
        var events = 0
        var bytes = 0
    }

    enum Failure: Error, CustomStringConvertible {
        case insideData(String)
        case notEmpty(String)

        var description: String {
            switch self {
            case .insideData(let path):
                "refusing to write into \(path): it is inside a Data/ folder or a real snapshot folder, which holds only real, sourced data"
            case .notEmpty(let path):
                "refusing to write into \(path): the folder exists, is not empty and is not a generated snapshot"
            }
        }
    }

    /// The package's `Data/` folder, from this file's location.
    static var packageDataFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data")
    }

    /// The real path of `url`, or of its nearest existing ancestor plus the rest.
    static func resolved(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var rest: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        let real = existing.resolvingSymlinksInPath().path
        return rest.reduce(real) { ($0 as NSString).appendingPathComponent($1) }
    }

    /// Refuses `Data/` (and anything under it, through symlinks too) and folders with
    /// other content.
    static func checkDestination(_ url: URL, mustBeEmpty: Bool = true) throws {
        let target = resolved(url)
        var dataFolders = [resolved(packageDataFolder)]
        let cwdData = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Data")
        if FileManager.default.fileExists(atPath: cwdData.appendingPathComponent("manifest.json").path) {
            dataFolders.append(resolved(cwdData))
        }
        for data in dataFolders where target == data || target.hasPrefix(data + "/") {
            throw Failure.insideData(target)
        }
        // Whichever checkout this binary was built from: no folder named Data next to a
        // Package.swift, and nothing inside a real snapshot folder (one with a
        // manifest.json and no synthetic marker), wherever it is.
        var ancestor = URL(fileURLWithPath: target)
        while ancestor.path != "/" {
            let parent = ancestor.deletingLastPathComponent()
            if ancestor.lastPathComponent == "Data",
               FileManager.default.fileExists(atPath: parent.appendingPathComponent("Package.swift").path) {
                throw Failure.insideData(target)
            }
            if ancestor.path != target,
               FileManager.default.fileExists(atPath: ancestor.appendingPathComponent("manifest.json").path),
               !FileManager.default.fileExists(atPath: ancestor.appendingPathComponent(markerFile).path) {
                throw Failure.insideData(target)
            }
            ancestor = parent
        }
        // The generator writes five files and a marker at the top level only, so an
        // ancestor of Data/ is safe; a folder holding anything else is refused.
        if mustBeEmpty, let contents = try? FileManager.default.contentsOfDirectory(atPath: target), !contents.isEmpty,
           !contents.contains(markerFile) {
            throw Failure.notEmpty(target)
        }
    }

    @discardableResult
    func write(to directory: URL) throws -> Summary {
        try Self.checkDestination(directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var summary = Summary()
        var random = SplitMix64(seed: seed &+ UInt64(firms))
        let firms = (0..<self.firms).map { Firm.make(index: $0, random: &random) }
        summary.firms = firms.count

        func save(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            summary.bytes += data.count
            try data.write(to: directory.appendingPathComponent(name), options: .atomic)
        }

        try save("manifest.json", J.object([
            ("schemaVersion", .int(1)),
            ("asOf", .string(Self.asOf)),
            ("description", .string("SYNTHETIC benchmark snapshot (sinoai-bench generate --firms \(self.firms), seed \(seed)): "
                                    + "invented firms, listings, prices, policy events and risk values. Not real data; never copy into Data/.")),
        ]).text + "\n")

        try save("companies.json", records("companies", firms.map { $0.companyRecord() }))

        var ipos: [J] = []
        for firm in firms where firm.listing != nil {
            summary.listed += 1
            let (record, points) = firm.ipoRecord(random: &random)
            ipos.append(record)
            summary.pricePoints += points
        }
        summary.ipos = ipos.count
        try save("ipos.json", records("ipos", ipos))

        let eventCount = max(30, self.firms / 10)
        let events = (0..<eventCount).map { PolicyText.event(index: $0, firms: firms, random: &random) }
        summary.events = events.count
        try save("policies.json", records("events", events))

        try save("risk.json", RiskText.model(firms: firms, random: &random))
        try Data("""
            Synthetic snapshot written by `sinoai-bench generate` (generator version \(Self.version), \
            \(self.firms) firms, seed \(seed)). Invented data for benchmarks only; never copy it into Data/.

            """.utf8).write(to: directory.appendingPathComponent(Self.markerFile))
        return summary
    }

    /// `{"key": [\n record,\n record\n]}` with one record per line.
    func records(_ key: String, _ items: [J]) -> String {
        var out = "{\n  " + JSONText.quote(key) + ": ["
        out.reserveCapacity(items.count * 900)
        for (i, item) in items.enumerated() {
            out += i == 0 ? "\n    " : ",\n    "
            item.write(into: &out)
        }
        out += items.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }
}

// MARK: Text pools

/// Word pools for names and prose. Invented combinations; any resemblance to a real
/// firm is a coincidence of common words.
enum Words {
    static let enFirst = ["Deep", "Moon", "Star", "Cloud", "Quantum", "Silicon", "Dragon", "Jade", "Horizon", "Nova",
                          "Pangu", "Tian", "Lingxi", "Zhi", "Yun", "Hai", "Bai", "Xin", "Mo", "Qi", "Kun", "Xing",
                          "Ling", "Hua", "Feng", "Rui", "Shen", "Tong", "Wei", "Yao"]
    static let enSecond = ["Seek", "Shot", "Mind", "Core", "Chip", "Logic", "Vision", "Brain", "Compute", "Wave", "Path",
                           "Spark", "Scale", "Link", "Flow", "Gate", "Forge", "Pulse", "Sense", "Matrix"]
    static let enKind = ["AI", "Technology", "Intelligence", "Semiconductor", "Robotics", "Labs", "Computing", "Micro"]
    static let zhFirst = ["深度", "月之", "智谱", "稀宇", "百川", "阶跃", "零一", "壁仞", "摩尔", "沐曦", "寒武", "海光",
                          "商汤", "天数", "燧原", "昆仑", "云天", "星河", "灵犀", "启明", "天工", "墨芯", "曦望", "登临",
                          "盘古", "玄武", "青云", "鸿鹄", "九章", "紫光"]
    static let zhSecond = ["科技", "智能", "芯片", "半导体", "算力", "万物", "纪元", "星辰", "线程", "智算", "视觉", "数据"]
    static let cities = ["Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Hefei", "Guangzhou", "Chengdu", "Wuhan",
                         "Nanjing", "Suzhou", "Xi'an", "Tianjin", "Hong Kong", "Xiamen"]
    static let cityZh = ["北京", "上海", "深圳", "杭州", "合肥", "广州", "成都", "武汉", "南京", "苏州", "西安", "天津", "香港", "厦门"]
    static let segments = ["foundation-models", "big-tech-models", "ai-applications", "ai-chips", "foundry", "autonomous-driving"]
    static let segmentDetail = [
        "foundation-models": "Foundation models and a consumer chat assistant",
        "big-tech-models": "Model family inside a large internet group",
        "ai-applications": "AI applications: agents, search and office tools",
        "ai-chips": "GPGPU / AI accelerators for data centres",
        "foundry": "Wafer foundry and advanced packaging",
        "autonomous-driving": "Driver-assistance chips and software",
    ]
    static let productStems = ["Chat", "Coder", "Vision", "Agent", "Voice", "Reasoner", "Edge", "Cloud"]
    static let chipStems = ["X", "S", "M", "G", "Z"]
    static let investors = ["Sample Capital 样本资本", "Example Ventures", "Bench Partners", "Test Fund II", "Fictional Hill Capital",
                            "Placeholder Growth", "Demo State Fund 示例国资基金", "Mock Tech Group"]
    static let publishers = ["Example Wire", "Sample Daily 样例日报", "Bench Markets", "Mock Finance 模拟财经", "Example Filings",
                             "Placeholder Tech Review"]
    static let rounds = ["Angel", "Pre-A", "Series A", "Series B", "Series B+", "Series C", "Strategic", "Pre-IPO"]
    static let confidences = ["confirmed", "single-source", "single-source", "low-confidence", "unverified"]
}

/// A month-precision or day-precision date as text, within a year range.
func dateText(_ random: inout SplitMix64, years: ClosedRange<Int>, precision: Int = 3) -> String {
    let year = random.int(in: years)
    let month = random.int(in: 1...12)
    let day = random.int(in: 1...28)
    switch precision {
    case 1: return String(year)
    case 2: return "\(year)-\(month < 10 ? "0" : "")\(month)"
    default: return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}

/// An exact decimal with two places from hundredths.
func cents(_ value: Int) -> String {
    let sign = value < 0 ? "-" : ""
    let v = abs(value)
    let frac = v % 100
    return "\(sign)\(v / 100).\(frac < 10 ? "0" : "")\(frac)"
}

func source(_ random: inout SplitMix64, about subject: String, slug: String) -> J {
    let kinds = ["profile", "report", "coverage", "filing", "announcement", "market data"]
    return .object([
        ("title", .string("\(subject): \(random.pick(kinds)) (synthetic)")),
        ("publisher", .string(random.pick(Words.publishers))),
        ("url", .string("https://example.com/bench/\(slug)/\(random.int(100_000))")),
        ("date", random.chance(70) ? .string(dateText(&random, years: 2023...2026)) : .null),
    ])
}

/// One synthetic firm and what the other files need to know about it.
struct Firm {
    struct Listing {
        var exchange: String
        var ticker: String
        var currency: String
        var date: String
    }

    var index: Int
    var id: String
    var name: String
    var nameZh: String?
    var segment: String
    var city: Int
    var listing: Listing?
    var status: String
    var entityListed: Bool
    var seed: UInt64

    static func make(index: Int, random: inout SplitMix64) -> Firm {
        let first = random.pick(Words.enFirst)
        let second = random.pick(Words.enSecond)
        let kind = random.pick(Words.enKind)
        let name = "\(first)\(second) \(kind)"
        let id = "\(first)\(second)-\(kind)-\(index)".lowercased()
        let zh: String? = random.chance(85) ? random.pick(Words.zhFirst) + random.pick(Words.zhSecond) : nil
        let segment = random.pick(Words.segments)
        var listing: Listing?
        var status = random.chance(10) ? "filed" : "private"
        if random.chance(12) {
            status = "listed"
            switch random.int(5) {
            case 0, 1: listing = Listing(exchange: "HKEX", ticker: String(format: "%04d", 100 + index % 9800), currency: "HKD",
                                         date: dateText(&random, years: 2019...2025))
            case 2: listing = Listing(exchange: "SSE-STAR", ticker: "688" + String(format: "%03d", index % 1000), currency: "CNY",
                                      date: dateText(&random, years: 2019...2025))
            case 3: listing = Listing(exchange: "SZSE", ticker: "30" + String(format: "%04d", index % 10000), currency: "CNY",
                                      date: dateText(&random, years: 2015...2025))
            default: listing = Listing(exchange: "NASDAQ", ticker: String(name.uppercased().filter(\.isLetter).prefix(4)),
                                       currency: "USD", date: dateText(&random, years: 2015...2025))
            }
        }
        return Firm(index: index, id: id, name: name, nameZh: zh, segment: segment, city: random.int(Words.cities.count),
                    listing: listing, status: status, entityListed: random.chance(8), seed: random.next())
    }

    var code: String? { listing.map { "\($0.exchange):\($0.ticker)" } }

    func companyRecord() -> J {
        var random = SplitMix64(seed: seed)
        let city = Words.cities[self.city]
        var members: [(String, J)] = [
            ("id", .string(id)),
            ("name", .string(name)),
            ("nameZh", .str(nameZh)),
            ("legalName", random.chance(40) ? .string("\(Words.cityZh[self.city])\(nameZh ?? name)有限公司 (\(city) \(name) Co., Ltd.)") : .null),
            ("segment", .string(segment)),
            ("segmentDetail", .str(Words.segmentDetail[segment])),
            ("hq", .string(city)),
            ("founded", .string(dateText(&random, years: 2000...2024, precision: random.int(in: 1...3)))),
            ("status", .string(status)),
        ]
        if status == "filed" { members.append(("statusNote", .string("Filed a listing application in \(city); hearing pending"))) }
        if let listing {
            members.append(("listings", .array([.object([
                ("exchange", .string(listing.exchange)), ("ticker", .string(listing.ticker)),
                ("currency", .string(listing.currency)), ("listingDate", .string(listing.date)),
            ])])))
        } else {
            members.append(("listings", .array([])))
        }
        var rounds: [J] = []
        for _ in 0..<random.int(in: 0...2) {
            let currency = random.chance(50) ? "USD" : "CNY"
            rounds.append(.object([
                ("date", .string(dateText(&random, years: 2018...2026, precision: 2))),
                ("round", .string(random.pick(Words.rounds))),
                ("amount", random.chance(80) ? .object([("amount", .int(random.int(in: 5...900) * 1_000_000)), ("currency", .string(currency))]) : .null),
                ("leadInvestors", .array([.string(random.pick(Words.investors))])),
                ("valuation", random.chance(50) ? .object([("amount", .int(random.int(in: 1...300) * 100_000_000)), ("currency", .string(currency))]) : .null),
                ("confidence", .string(random.pick(Words.confidences))),
            ]))
        }
        members.append(("fundingRounds", .array(rounds)))
        if random.chance(60) {
            let currency = listing?.currency ?? (random.chance(50) ? "USD" : "CNY")
            members.append(("valuations", .array([.object([
                ("date", .string(dateText(&random, years: 2024...2026))),
                ("kind", .string(listing == nil ? "private-valuation" : "market-cap")),
                ("value", .object([("amount", .int(random.int(in: 1...2000) * 10_000_000)), ("currency", .string(currency))])),
                ("confidence", .string(random.pick(Words.confidences))),
            ])])))
        } else {
            members.append(("valuations", .array([])))
        }
        let stem = String(name.prefix { $0 != " " })
        var products: [J] = [.string("\(stem)-\(random.int(in: 1...5))")]
        if segment == "ai-chips" {
            products = [.string("\(stem) \(random.pick(Words.chipStems))\(random.int(in: 1...9))00 accelerator")]
        }
        if random.chance(50) { products.append(.string("\(stem) \(random.pick(Words.productStems))")) }
        members.append(("products", .array(products)))
        if entityListed {
            let date = dateText(&random, years: 2019...2025)
            members.append(("entityList", .object([
                ("status", .string("listed")), ("dateAdded", .string(date)),
                ("rule", .string("Synthetic Entity List batch of \(date)")), ("confidence", .string("confirmed")),
                ("sources", .array([source(&random, about: "\(name) added to the Entity List", slug: id)])),
            ])))
        } else {
            members.append(("entityList", .object([("status", .string("none-found"))])))
        }
        members.append(("notes", .array(random.chance(30) ? [.string("Synthetic record for benchmarks; \(nameZh ?? name) is invented.")] : [])))
        if nameZh != nil && random.chance(20) { members.append(("fieldConfidence", .object([("nameZh", .string("unverified"))]))) }
        members.append(("confidence", .string(random.pick(Words.confidences))))
        members.append(("sources", .array([source(&random, about: name, slug: id)])))
        return .object(members)
    }

    /// The firm's IPO record and its number of price points.
    func ipoRecord(random: inout SplitMix64) -> (J, Int) {
        guard let listing else { return (.null, 0) }
        let offer = random.int(in: 300...30_000)  // hundredths
        let open = offer + offer * random.int(in: -30...400) / 100
        let close = open + open * random.int(in: -20...40) / 100
        var price = close
        var points: [J] = []
        let year = Int(listing.date.prefix(4)) ?? 2024
        let count = random.int(in: 4...12)
        for i in 0..<count {
            price = max(10, price + price * random.int(in: -15...18) / 100)
            let month = 1 + (i % 10)
            let pointYear = min(2026, year + 1 + i / 10)
            points.append(.object([
                ("date", .string("\(pointYear)-\(month < 10 ? "0" : "")\(month)-15")),
                ("price", .number(cents(price))),
                ("kind", .string(i % 5 == 4 ? "intraday-high" : "close")),
            ]))
        }
        let record = J.object([
            ("id", .string("\(id)-\(listing.exchange.lowercased())")),
            ("companyId", .string(id)),
            ("exchange", .string(listing.exchange)),
            ("ticker", .string(listing.ticker)),
            ("currency", .string(listing.currency)),
            ("listingDate", .string(listing.date)),
            ("status", .string("listed")),
            ("offerPrice", .object([("price", .number(cents(offer)))])),
            ("amountRaised", random.chance(70) ? .object([("amount", .int(random.int(in: 1...400) * 10_000_000)), ("currency", .string(listing.currency))]) : .null),
            ("firstDayOpen", .object([("price", .number(cents(open)))])),
            ("firstDayClose", .object([("price", .number(cents(close))), ("changePercent", .number(cents((close - offer) * 10_000 / offer)))])),
            ("pricePoints", .array(points)),
            ("notes", .array([])),
            ("confidence", .string(random.pick(Words.confidences))),
            ("sources", .array([source(&random, about: "\(name) \(listing.exchange) debut", slug: id)])),
        ])
        return (record, count)
    }
}

enum PolicyText {
    static let cnKinds = ["fund", "subsidy", "listing-reform", "regulation", "procurement-mandate", "plan"]
    static let usKinds = ["export-control", "entity-listing"]
    static let cnIssuers = ["State Council 国务院", "MIIT 工业和信息化部", "NDRC 国家发展改革委", "CAC 国家网信办", "CSRC 中国证监会"]
    static let cnTopics = ["computing-power vouchers", "domestic accelerator procurement", "STAR Market listing rules",
                           "generative-AI service filings", "a national chip fund tranche", "data-centre energy quotas",
                           "\"AI+\" industrial action plan", "open-source model support"]
    static let usTopics = ["advanced-computing chip licences", "HBM export rules", "foundry due-diligence rule",
                           "Entity List additions", "semiconductor tool controls", "model-weight export controls"]

    static func event(index: Int, firms: [Firm], random: inout SplitMix64) -> J {
        let us = random.chance(40)
        let kind = us ? random.pick(usKinds) : random.pick(cnKinds)
        let topic = us ? random.pick(usTopics) : random.pick(cnTopics)
        let city = random.int(Words.cities.count)
        let title = us ? "US Commerce: \(topic) (synthetic #\(index))"
                       : "\(Words.cities[city]) \(Words.cityZh[city]): guidance on \(topic) (synthetic #\(index))"
        var ids: [String] = []
        var named: [String] = []
        for _ in 0..<random.int(in: 0...3) {
            let firm = firms[random.int(firms.count)]
            if !ids.contains(firm.id) {
                ids.append(firm.id)
                named.append(firm.nameZh ?? firm.name)
            }
        }
        let summary = us
            ? "A synthetic rule on \(topic): licences are reviewed case by case and named firms need a licence for items subject to US rules."
            : "A synthetic measure on \(topic) for firms in \(Words.cities[city]); \(named.isEmpty ? "no firm is named" : "names " + named.joined(separator: "、"))."
        var members: [(String, J)] = [
            ("id", .string("\(us ? "us" : "cn")-bench-\(index)")),
            ("date", .string(dateText(&random, years: 2017...2026, precision: random.chance(80) ? 3 : 2))),
            ("jurisdiction", .string(us ? "US" : "CN")),
            ("kind", .string(kind)),
            ("title", .string(title)),
            ("issuer", .string(us ? "BIS (US Commerce)" : random.pick(cnIssuers))),
        ]
        if !us && (kind == "fund" || kind == "subsidy") {
            members.append(("amount", .object([("amount", .int(random.int(in: 1...3000) * 100_000_000)), ("currency", .string("CNY"))])))
        }
        members += [
            ("summary", .string(summary)),
            ("segments", .array([.string(random.pick(Words.segments))])),
            ("companyIds", .array(ids.map { .string($0) })),
            ("notes", .array([])),
            ("confidence", .string(random.pick(Words.confidences))),
            ("sources", .array([source(&random, about: title, slug: "event-\(index)")])),
        ]
        return .object(members)
    }
}

enum RiskText {
    static let factors: [(id: String, code: String, name: String, weight: String)] = [
        ("entity-list", "EL", "US Entity List", "0.25"),
        ("foreign-foundry", "F1", "Foreign foundry dependence", "0.2"),
        ("us-gpu", "GPU", "Dependence on US GPUs", "0.2"),
        ("hbm", "HBM", "HBM supply", "0.15"),
        ("us-tools", "TL", "US tools", "0.05"),
        ("domestic-substitution", "SUB", "Lack of domestic substitution", "0.1"),
        ("overseas-exposure", "OVS", "Overseas exposure", "0.05"),
    ]

    static func model(firms: [Firm], random: inout SplitMix64) -> String {
        var out = "{\n  \"description\": \"SYNTHETIC risk model for benchmarks: seven factors, invented values. Score = 100 × Σ weight × (value ?? unknownValue).\",\n"
        out += "  \"unknownValue\": 0.5,\n  \"factors\": ["
        for (i, f) in factors.enumerated() {
            out += i == 0 ? "\n    " : ",\n    "
            J.object([
                ("id", .string(f.id)), ("code", .string(f.code)), ("name", .string(f.name)),
                ("definition", .string("\(f.name): synthetic definition for benchmarks.")),
                ("scale", .string("0 = no exposure, 1 = maximal exposure")), ("weight", .number(f.weight)),
            ]).write(into: &out)
        }
        out += "\n  ],\n  \"assessments\": ["
        out.reserveCapacity(firms.count * 700)
        for (i, firm) in firms.enumerated() {
            out += i == 0 ? "\n    " : ",\n    "
            var values: [(String, J)] = []
            for f in factors {
                if f.id == "entity-list" {
                    values.append((f.id, .object([
                        ("value", .number(firm.entityListed ? "0.7" : "0")),
                        ("rationale", .string(firm.entityListed ? "Listed (synthetic)" : "No addition found (synthetic)")),
                        ("confidence", .string("single-source")),
                        ("sources", .array([.object([("title", .string("\(firm.name) profile (synthetic)")), ("publisher", .string("Example Wire")),
                                                     ("url", .string("https://example.com/bench/\(firm.id)")), ("date", .null)])])),
                    ])))
                } else if random.chance(35) {
                    values.append((f.id, .object([
                        ("value", .number("0.\(random.int(in: 1...9))")),
                        ("rationale", .string("Analyst judgement (synthetic)")),
                        ("confidence", .string(random.pick(Words.confidences))),
                        ("sources", .array([.object([("title", .string("\(firm.name) filing (synthetic)")), ("publisher", .string("Example Filings")),
                                                     ("url", .string("https://example.com/bench/\(firm.id)/\(f.code.lowercased())")), ("date", .null)])])),
                    ])))
                } else {
                    values.append((f.id, .object([("value", .null), ("rationale", .string("No dated fact"))])))
                }
            }
            J.object([("companyId", .string(firm.id)), ("values", .object(values))]).write(into: &out)
        }
        out += "\n  ],\n  \"scenarios\": [\n    "
        let sample = (0..<min(20, firms.count)).map { _ in J.string(firms[random.int(firms.count)].id) }
        J.object([("id", .string("baseline")), ("name", .string("Baseline")), ("description", .string("No change.")), ("adjustments", .array([]))]).write(into: &out)
        out += ",\n    "
        J.object([("id", .string("tighten")), ("name", .string("Tighten")), ("description", .string("Hypothetical tighter controls (synthetic).")),
                  ("adjustments", .array([
                    .object([("factor", .string("hbm")), ("op", .string("add")), ("value", .number("0.2")), ("rationale", .string("Less HBM for every firm"))]),
                    .object([("factor", .string("entity-list")), ("companyIds", .array(sample)), ("op", .string("set")), ("value", .number("0.7")),
                             ("rationale", .string("More firms listed (hypothetical)"))]),
                  ]))]).write(into: &out)
        out += ",\n    "
        J.object([("id", .string("loosen")), ("name", .string("Loosen")), ("description", .string("Hypothetical looser controls (synthetic).")),
                  ("adjustments", .array([.object([("factor", .string("us-gpu")), ("op", .string("add")), ("value", .number("-0.2")),
                                                   ("rationale", .string("GPU sales resume"))])]))]).write(into: &out)
        out += "\n  ]\n}\n"
        return out
    }
}
