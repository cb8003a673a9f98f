import Foundation
import SinoAIRendering

/// The themes on offer: the compiled-in default, `Themes/`, then the user's folder.
struct ThemeCatalog {
    private(set) var themes: [String: Theme] = [:]
    private(set) var names: [String] = []
    /// Problems with theme files, reported once at start (not fatal).
    private(set) var warnings: [String] = []
    /// Why a theme file could not be used, by file name without `.theme`, so asking for
    /// it by name says what is wrong rather than that it does not exist.
    private(set) var problems: [String: String] = [:]

    static let preferredOrder = ["dark", "light", "high-contrast", "monochrome"]

    init(environment: [String: String] = ProcessInfo.processInfo.environment, executablePath: String = CommandLine.arguments.first ?? "") {
        add(Theme.builtInDark)
        for folder in Self.folders(environment: environment, executablePath: executablePath) {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".theme") {
                let url = folder.appendingPathComponent(file)
                let stem = String(file.dropLast(".theme".count))
                guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                    warnings.append("\(url.path): not readable as UTF-8")
                    problems[stem] = warnings.last
                    continue
                }
                do {
                    add(try Theme.parse(text))
                    problems[stem] = nil  // a later folder's good file wins
                } catch {
                    warnings.append("\(url.path): \(error)")
                    problems[stem] = warnings.last
                }
            }
        }
        names.sort { a, b in
            let ia = Self.preferredOrder.firstIndex(of: a) ?? Int.max, ib = Self.preferredOrder.firstIndex(of: b) ?? Int.max
            return ia != ib ? ia < ib : a < b
        }
    }

    private mutating func add(_ theme: Theme) {
        if themes[theme.name] == nil { names.append(theme.name) }
        themes[theme.name] = theme
    }

    func theme(_ name: String) -> Theme { themes[name] ?? Theme.builtInDark }

    /// Bundled themes (beside the binary or in the checkout), then the user's, which win.
    static func folders(environment: [String: String], executablePath: String) -> [URL] {
        var result = BundledFolders.candidates("Themes", executablePath: executablePath)
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        result.append(config.appendingPathComponent("sinoai/themes"))
        return result
    }
}
