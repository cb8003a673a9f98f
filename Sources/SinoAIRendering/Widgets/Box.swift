import SinoAIViewModel

/// Line-drawing characters, with an ASCII set for terminals without UTF-8.
public struct BorderSet: Sendable {
    public var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: String

    public static let unicode = BorderSet(topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘", horizontal: "─", vertical: "│")
    public static let heavy = BorderSet(topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛", horizontal: "━", vertical: "┃")
    public static let ascii = BorderSet(topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+", horizontal: "-", vertical: "|")
}

/// A bordered box with a title (and optional right-aligned text) in the top edge.
public struct Box {
    public var title: String
    public var rightTitle: String = ""
    public var focused: Bool = false
    public var borders: BorderSet = .unicode

    public init(title: String, rightTitle: String = "", focused: Bool = false, borders: BorderSet = .unicode) {
        self.title = title
        self.rightTitle = rightTitle
        self.focused = focused
        self.borders = borders
    }

    /// Draws the box and returns its interior.
    @discardableResult
    public func render(_ area: Rect, into buffer: inout Buffer) -> Rect {
        guard area.width >= 2, area.height >= 2 else { return .zero }
        let style = Style(fg: focused ? .borderFocused : .border, attributes: focused ? [.bold] : [])
        buffer.fill(area.inset(), style: .normal)
        let h = String(repeating: borders.horizontal, count: area.width - 2)
        buffer.put(borders.topLeft + h + borders.topRight, x: area.x, y: area.y, style: style)
        buffer.put(borders.bottomLeft + h + borders.bottomRight, x: area.x, y: area.maxY - 1, style: style)
        for y in (area.y + 1)..<(area.maxY - 1) {
            buffer.put(borders.vertical, x: area.x, y: y, style: style)
            buffer.put(borders.vertical, x: area.maxX - 1, y: y, style: style)
        }
        let room = area.width - 4
        if room > 0 && !title.isEmpty {
            let titleStyle = Style(fg: focused ? .title : .dim, attributes: focused ? [.bold] : [])
            let used = buffer.put(" " + title + " ", x: area.x + 1, y: area.y, maxWidth: room + 2, style: titleStyle)
            let rightRoom = area.width - 4 - used
            if !rightTitle.isEmpty && rightRoom > 4 {
                let (text, width) = DisplayWidthShim.truncate(" " + rightTitle + " ", rightRoom)
                buffer.put(text, x: area.maxX - 1 - width, y: area.y, style: Style(fg: .dim))
            }
        }
        return area.inset()
    }
}

import SinoAIText

enum DisplayWidthShim {
    static func truncate(_ text: String, _ width: Int) -> (String, Int) {
        let r = DisplayWidth.truncate(text, to: width)
        return (r.text, r.width)
    }
}
