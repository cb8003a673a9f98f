import Foundation

/// Runs independent jobs on all cores (or one after another when that is cheaper, as
/// for small inputs where waking a thread pool costs more than it saves).
public enum Parallel {
    public static func perform(_ jobs: [@Sendable () -> Void], inParallel: Bool) {
        if inParallel {
            DispatchQueue.concurrentPerform(iterations: jobs.count) { jobs[$0]() }
        } else {
            for job in jobs { job() }
        }
    }
}

/// A result written by one job and read after `Parallel.perform` returns (which it does
/// only when every job has finished).
public class JobResult<T>: @unchecked Sendable {
    public var value: T?
    public init() {}
}
