import Foundation

/// A 1-based line and column (columns count characters, so a Chinese character is one).
struct TextPosition: Equatable {
    var line = 1
    var column = 1

    /// The position just after `bytes`, starting from this one.
    func advanced(over bytes: UnsafeBufferPointer<UInt8>) -> TextPosition {
        guard let start = bytes.baseAddress, !bytes.isEmpty else { return self }
        var position = self
        var from = 0
        // Lines: memchr; the column only counts the bytes after the last newline.
        while let found = memchr(start + from, 0x0A, bytes.count - from) {
            position.line += 1
            position.column = 1
            from = start.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        position.column += Self.characterCount(UnsafeBufferPointer(rebasing: bytes[from...]))
        return position
    }

    /// UTF-8 lead bytes (not 10xxxxxx), eight bytes at a time.
    private static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // A continuation byte has bit 7 set and bit 6 clear.
            let continuation = word & ~(word << 1) & 0x8080_8080_8080_8080
            count += 8 - continuation.nonzeroBitCount
            i += 8
        }
        while i < bytes.count {
            if bytes[i] & 0xC0 != 0x80 { count += 1 }
            i += 1
        }
        return count
    }
}

/// A file read in chunks into one growing window, so a file of any size is parsed in
/// memory proportional to its largest record. Bytes before the `keep` offset the
/// parser gives are dropped (and their lines counted) when more is read.
final class JSONByteSource {
    private let fd: Int32
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Valid bytes in `storage`.
    private(set) var count = 0
    /// The file offset of `storage[0]`.
    private(set) var base = 0
    /// The line and column of `storage[0]`.
    private(set) var basePosition = TextPosition()
    private(set) var isExhausted = false
    /// The first read error, if any (the parse then sees the end of input).
    private(set) var readError: Int32?

    /// Reading stops with EFBIG past this many bytes (a file growing while it is read).
    private let limit: Int

    /// Reads `fd` (not closed here) `chunkSize` bytes at a time, at most `limit` in all.
    init(fd: Int32, chunkSize: Int = 1 << 20, limit: Int = .max) {
        self.fd = fd
        self.limit = limit
        capacity = chunkSize
        storage = .allocate(capacity: chunkSize)
    }

    deinit { storage.deallocate() }

    var window: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: storage, count: count) }

    /// Drops the bytes before file offset `keep`, then reads at least one more chunk
    /// (growing the window when everything in it must be kept). False at end of file.
    func refill(keep: Int) -> Bool {
        guard !isExhausted else { return false }
        let drop = max(0, min(keep - base, count))
        if drop > 0 {
            basePosition = basePosition.advanced(over: UnsafeBufferPointer(start: storage, count: drop))
            storage.update(from: storage + drop, count: count - drop)
            count -= drop
            base += drop
        }
        if capacity - count < max(1, capacity / 2) {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: storage, count: count)
            storage.deallocate()
            storage = grown
            capacity *= 2
        }
        if base + count >= limit {
            readError = EFBIG
            isExhausted = true
            return false
        }
        while true {
            let n = read(fd, storage + count, capacity - count)
            if n > 0 { count += n; return true }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { readError = errno }
            isExhausted = true
            return false
        }
    }
}

/// Copies of the top-level object's own keys and values (not its records), kept after
/// the window has moved on, for the checks made when the whole file has been read.
final class PinnedBytes {
    struct Segment {
        /// File offset of the first byte.
        var start: Int
        var bytes: UnsafeMutableBufferPointer<UInt8>
        var position: TextPosition
    }

    private(set) var segments: [Segment] = []

    deinit { for segment in segments { segment.bytes.deallocate() } }

    func pin(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, position: TextPosition) {
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = copy.initialize(from: bytes)
        segments.append(Segment(start: start, bytes: copy, position: position))
    }

    /// The segment holding file offsets `start..<end`. Segments are pinned in file
    /// order, so a binary search finds it (a hostile top level may have many keys).
    func segment(containing start: Int, _ end: Int) -> Segment? {
        var low = 0
        var high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].start <= start { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let segment = segments[low - 1]
        return end <= segment.start + segment.bytes.count ? segment : nil
    }
}
