/// What a key does. The help overlay lists these from the same table that dispatches them.
public enum Command: Hashable, Sendable {
    case focusNext, focusPrevious, focusLeft, focusRight
    case zoom(PanelID)
    case up, down, pageUp, pageDown, top, bottom
    case open, back
    case search, nextMatch, previousMatch
    case filter, sortNext, sortReverse
    case cycleTheme, toggleMouse, cycleScenario
    case reload, changes, help, quit, suspend, redraw
}

/// A key binding: the keys, the command and its help text.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var help: String
    public var group: String
}

/// The dashboard's keys, in the order the help overlay shows them.
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.tab], command: .focusNext, help: "next panel", group: "Panels"),
        KeyBinding(keys: [.backTab], command: .focusPrevious, help: "previous panel", group: "Panels"),
        KeyBinding(keys: [.char("1")], command: .zoom(.companies), help: "zoom Companies (again: unzoom)", group: "Panels"),
        KeyBinding(keys: [.char("2")], command: .zoom(.ipos), help: "zoom IPO performance", group: "Panels"),
        KeyBinding(keys: [.char("3")], command: .zoom(.policies), help: "zoom Policy timeline", group: "Panels"),
        KeyBinding(keys: [.char("4")], command: .zoom(.risk), help: "zoom Export-control risk", group: "Panels"),
        KeyBinding(keys: [.left, .char("h")], command: .focusLeft, help: "panel to the left", group: "Panels"),
        KeyBinding(keys: [.right, .char("l")], command: .focusRight, help: "panel to the right", group: "Panels"),
        KeyBinding(keys: [.up, .char("k")], command: .up, help: "up", group: "Move"),
        KeyBinding(keys: [.down, .char("j")], command: .down, help: "down", group: "Move"),
        KeyBinding(keys: [.pageUp, .ctrl("b")], command: .pageUp, help: "page up", group: "Move"),
        KeyBinding(keys: [.pageDown, .ctrl("f"), .char(" ")], command: .pageDown, help: "page down", group: "Move"),
        KeyBinding(keys: [.home, .char("g")], command: .top, help: "first row", group: "Move"),
        KeyBinding(keys: [.end, .char("G")], command: .bottom, help: "last row", group: "Move"),
        KeyBinding(keys: [.enter], command: .open, help: "open; follow link; copy URL", group: "Drill down"),
        KeyBinding(keys: [.escape, .backspace], command: .back, help: "back; clear search; unzoom", group: "Drill down"),
        KeyBinding(keys: [.char("/")], command: .search, help: "search name/中文名/ticker/product", group: "Find"),
        KeyBinding(keys: [.char("n")], command: .nextMatch, help: "next match", group: "Find"),
        KeyBinding(keys: [.char("N")], command: .previousMatch, help: "previous match", group: "Find"),
        KeyBinding(keys: [.char("f")], command: .filter, help: "filter (segment, status, kind…)", group: "Find"),
        KeyBinding(keys: [.char("s")], command: .sortNext, help: "sort by next column", group: "Find"),
        KeyBinding(keys: [.char("S")], command: .sortReverse, help: "reverse sort", group: "Find"),
        KeyBinding(keys: [.char("x")], command: .cycleScenario, help: "next risk scenario", group: "View"),
        KeyBinding(keys: [.char("t")], command: .cycleTheme, help: "cycle colour theme", group: "View"),
        KeyBinding(keys: [.char("m")], command: .toggleMouse, help: "mouse on/off (off: select text)", group: "View"),
        KeyBinding(keys: [.char("c")], command: .changes, help: "changes since start (watch mode)", group: "View"),
        KeyBinding(keys: [.char("r")], command: .reload, help: "reload the snapshot now", group: "View"),
        KeyBinding(keys: [.char("?"), .function(1)], command: .help, help: "this help", group: "View"),
        KeyBinding(keys: [.char("q"), .ctrl("c")], command: .quit, help: "quit", group: "View"),
        KeyBinding(keys: [.ctrl("z")], command: .suspend, help: "suspend to the shell (fg resumes)", group: "View"),
        KeyBinding(keys: [.ctrl("l")], command: .redraw, help: "redraw the screen", group: "View"),
    ]

    private static let table: [Key: Command] = {
        var table: [Key: Command] = [:]
        for binding in bindings {
            for key in binding.keys where table[key] == nil { table[key] = binding.command }
        }
        return table
    }()

    /// The command bound to a key in normal mode.
    public static func command(for key: Key) -> Command? { table[key] }
}
