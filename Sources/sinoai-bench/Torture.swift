import Foundation
import SinoAIDomain
import SinoAIRendering
import SinoAIText
import SinoAIViewModel

/// Renders every terminal size from 1×1 to W×H for several dashboard states, reaching
/// each size through the reducer's resize action (as SIGWINCH does). A crash is the
/// failure; each frame is also checked to be exactly the terminal's size with no row
/// wider than the screen.
struct TerminalTorture {
    var snapshot: Snapshot
    var dataPath: String
    var maxWidth = 300
    var maxHeight = 100

    /// Named states to sweep, each built by keys from a fresh 120×40 dashboard.
    func states() -> [(String, AppState)] {
        let start = AppState(snapshot: snapshot, dataPath: dataPath, size: TerminalSize(width: 120, height: 40))
        func after(_ keys: [Key]) -> AppState {
            var state = start
            for key in keys { _ = Reducer.reduce(&state, .key(key)) }
            return state
        }
        let firstName = snapshot.companies.first?.name.lowercased().prefix(3).map { Key.char($0) } ?? []
        return [
            ("dashboard", start),
            ("zoomed IPO panel", after([.char("2"), .char("j"), .char("j")])),
            ("firm page", after([.enter])),
            ("event page", after([.char("3"), .enter])),
            ("search", after([.char("/")] + firstName)),
            ("filter overlay", after([.char("f"), .right])),
            ("help overlay", after([.char("?")])),
            ("sorted risk panel, tighten", after([.char("4"), .char("x"), .char("s"), .char("s")])),
        ]
    }

    struct Report {
        var frames = 0
        var problems: [String] = []
        var seconds = 0.0
    }

    func run(progress: (String) -> Void) -> Report {
        var report = Report()
        let start = nowMilliseconds()
        for (name, state) in states() {
            let stateStart = nowMilliseconds()
            var resized = state
            for width in 1...maxWidth {
                for height in 1...maxHeight {
                    _ = Reducer.reduce(&resized, .resize(TerminalSize(width: width, height: height)))
                    let buffer = ScreenRenderer.render(resized)
                    report.frames += 1
                    if buffer.width != width || buffer.height != height {
                        report.problems.append("\(name) \(width)×\(height): buffer is \(buffer.width)×\(buffer.height)")
                    } else if width <= 16 || height <= 6 || (width + height) % 37 == 0 {
                        // A sample of frames: no row may be wider than the screen.
                        for y in 0..<height where DisplayWidth.of(buffer.rowText(y)) > width {
                            report.problems.append("\(name) \(width)×\(height): row \(y) is wider than the screen")
                        }
                    }
                }
            }
            // Back to a normal size: the state must still be usable.
            _ = Reducer.reduce(&resized, .resize(TerminalSize(width: 120, height: 40)))
            _ = Reducer.reduce(&resized, .key(.down))
            blackHole(ScreenRenderer.render(resized))
            progress("  " + name.padding(toLength: 32, withPad: " ", startingAt: 0)
                     + String(format: "%6d frames in %6.1f s", maxWidth * maxHeight, (nowMilliseconds() - stateStart) / 1000))
        }
        report.seconds = (nowMilliseconds() - start) / 1000
        return report
    }
}
