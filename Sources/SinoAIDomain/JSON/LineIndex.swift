/// Turns byte offsets into 1-based line and column numbers (columns count characters).
/// Problems are reported in rising offset order, so the last answer is kept and the
/// next column counted on from it: a minified one-line file with many problems stays
/// linear instead of rescanning the line for each one.
public final class LineIndex {
    private let lineStarts: [Int]
    private let bytes: [UInt8]
    private var last: (offset: Int, line: Int, column: Int)?

    public init(_ bytes: [UInt8]) {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
        self.bytes = bytes
    }

    /// The line and column of a byte offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        var start = lineStarts[low]
        var column = 1
        if let last, last.line == low + 1, last.offset <= offset, last.offset >= start {
            start = last.offset
            column = last.column
        }
        let end = min(max(offset, start), bytes.count)
        // Count UTF-8 lead bytes so a Chinese character is one column.
        for i in start..<end where bytes[i] & 0xC0 != 0x80 { column += 1 }
        last = (end, low + 1, column)
        return (low + 1, column)
    }
}
