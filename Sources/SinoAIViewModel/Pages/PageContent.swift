import SinoAIDomain

/// Where a line of a page leads when the user presses Enter on it.
public enum PageLink: Sendable, Hashable {
    case company(String)
    case event(String)
    /// A source's address: Enter copies it to the clipboard (a terminal cannot open it).
    case url(String)

    /// The page the link opens; nil for an address.
    public var page: Page? {
        switch self {
        case .company(let id): .firm(id)
        case .event(let id): .event(id)
        case .url: nil
        }
    }
}

/// One line of a detail page: a label, a value, and how to show it.
public struct PageLine: Sendable, Equatable {
    public var label: String
    public var value: String
    public var tone: Tone
    /// A dim `?`: low confidence, or sources disagree.
    public var doubtful: Bool
    public var link: PageLink?

    /// A source as a page line: publisher, then title, date and URL.
    public static func source(_ source: Source) -> PageLine {
        PageLine(source.publisher, source.title + (source.date.map { " (\($0.description))" } ?? "") + " — " + source.url, tone: .dim,
                 link: .url(source.url))
    }

    public init(_ label: String, _ value: String, tone: Tone = .normal, doubtful: Bool = false, link: PageLink? = nil) {
        self.label = label
        self.value = value
        self.tone = tone
        self.doubtful = doubtful
        self.link = link
    }
}

/// A titled group of lines.
public struct PageSection: Sendable, Equatable {
    public var title: String
    public var lines: [PageLine]

    public init(_ title: String, _ lines: [PageLine]) {
        self.title = title
        self.lines = lines
    }
}
