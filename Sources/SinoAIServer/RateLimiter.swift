import Foundation

/// Per-address token bucket: a burst of `capacity` new connections, refilled at
/// capacity/interval per second. Thread-safe.
public final class RateLimiter: @unchecked Sendable {
    public let capacity: Double
    public let refillPerSecond: Double
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Double)] = [:]
    /// Above this many tracked addresses, full buckets are forgotten.
    private let pruneThreshold: Int

    public init(_ spec: RateLimitSpec, pruneThreshold: Int = 4096) {
        capacity = Double(spec.count)
        refillPerSecond = Double(spec.count) / spec.interval
        self.pruneThreshold = pruneThreshold
    }

    /// Seconds on a monotonic clock.
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Takes a token for `address`; false when its bucket is empty.
    public func allow(_ address: String, now: Double = RateLimiter.now()) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        var bucket = buckets[address] ?? (tokens: capacity, at: now)
        bucket.tokens = min(capacity, bucket.tokens + max(0, now - bucket.at) * refillPerSecond)
        bucket.at = now
        let allowed = bucket.tokens >= 1
        if allowed { bucket.tokens -= 1 }
        buckets[address] = bucket
        if buckets.count > pruneThreshold { prune(now: now) }
        return allowed
    }

    public var trackedAddresses: Int {
        lock.lock()
        defer { lock.unlock() }
        return buckets.count
    }

    private func prune(now: Double) {
        buckets = buckets.filter { _, bucket in bucket.tokens + (now - bucket.at) * refillPerSecond < capacity }
    }
}
