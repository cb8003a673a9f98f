/// The snapshot's header.
public struct Manifest: Sendable, Hashable {
    public static let supportedSchemaVersion = 1

    public var schemaVersion: Int
    public var asOf: CalendarDate
    public var description: String

    public init(schemaVersion: Int, asOf: CalendarDate, description: String) {
        self.schemaVersion = schemaVersion
        self.asOf = asOf
        self.description = description
    }
}
