/// How sure the snapshot is of a fact.
public enum Confidence: String, Sendable, CaseIterable, Comparable {
    case confirmed
    case singleSource = "single-source"
    case lowConfidence = "low-confidence"
    case unverified

    /// Whether the dashboard should flag the figure with a dim `?`.
    public var isDoubtful: Bool { self == .lowConfidence || self == .unverified }

    private var rank: Int { Self.allCases.firstIndex(of: self)! }
    /// `confirmed` < `single-source` < `low-confidence` < `unverified`.
    public static func < (a: Confidence, b: Confidence) -> Bool { a.rank < b.rank }
}

/// A public document a fact rests on.
public struct Source: Sendable, Hashable {
    public var title: String
    public var publisher: String
    public var url: String
    public var date: CalendarDate?

    public init(title: String, publisher: String, url: String, date: CalendarDate? = nil) {
        self.title = title
        self.publisher = publisher
        self.url = url
        self.date = date
    }
}

/// Where a fact comes from and how sure we are.
public struct Provenance: Sendable, Hashable {
    public var confidence: Confidence
    public var sources: [Source]
    public var note: String?

    public init(confidence: Confidence, sources: [Source], note: String? = nil) {
        self.confidence = confidence
        self.sources = sources
        self.note = note
    }
}

/// A figure with its provenance and the conflicting figures other sources give.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    public var provenance: Provenance
    public var alternatives: [Alternative]

    /// A conflicting figure with its own sources.
    public struct Alternative: Sendable, Hashable {
        public var value: Value
        public var provenance: Provenance
    }

    public init(value: Value, provenance: Provenance, alternatives: [Alternative] = []) {
        self.value = value
        self.provenance = provenance
        self.alternatives = alternatives
    }

    /// True when sources disagree or the figure itself is doubtful.
    public var isQuestionable: Bool { !alternatives.isEmpty || provenance.confidence.isDoubtful }
}
