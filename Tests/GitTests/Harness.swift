import Core
import Foundation
import Git
import TestSupport

/// One test's world: a scratch directory holding served repositories, a data directory and a store.
final class Harness: Sendable {
    let scratch: TemporaryDirectory
    let served: String
    let dataDirectory: String
    let log = RecordingLogSink()
    let pool = BlockingPool(threads: 4, name: "git-tests")
    let store: MirrorStore

    init(maxConcurrentFetches: Int = 4) throws {
        scratch = try TemporaryDirectory(prefix: "git")
        served = scratch.appending("served")
        dataDirectory = scratch.appending("data")
        try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        store = MirrorStore(
            configuration: .init(
                dataDirectory: dataDirectory, maxConcurrentFetches: maxConcurrentFetches, pool: pool,
                logger: Logger(sink: log, minimumLevel: .debug)))
    }

    deinit { pool.shutdown() }

    /// A new served bare repository `<name>.git`.
    func origin(_ name: String = "repo") async throws -> FixtureRepository {
        try await FixtureRepository.create(at: (served as NSString).appendingPathComponent(name + ".git"))
    }

    func daemon() async throws -> GitDaemon {
        try await GitDaemon.start(basePath: served, logDirectory: scratch.path)
    }

    func httpServer(_ options: GitHTTPServer.Options = .init()) async throws -> GitHTTPServer {
        try await GitHTTPServer.start(root: served, logDirectory: scratch.path, options: options)
    }

    /// A new store on the same data directory, as the next process would open it.
    func restartedStore() -> MirrorStore {
        MirrorStore(
            configuration: .init(
                dataDirectory: dataDirectory, pool: pool, logger: Logger(sink: log, minimumLevel: .debug)))
    }

    /// Another store on a second data directory (determinism across machines).
    func secondStore() throws -> MirrorStore {
        let other = scratch.appending("data-2")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        return MirrorStore(configuration: .init(dataDirectory: other, pool: pool, logger: .disabled))
    }
}

/// Measures how long `body` takes.
func timed<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, ContinuousClock.now - start)
}

/// The `GitError` thrown by `body`, or nil when it threw something else or nothing.
func gitError<T>(_ body: () async throws -> T) async -> GitError? {
    do {
        _ = try await body()
        return nil
    } catch let error as GitError {
        return error
    } catch {
        return nil
    }
}

extension ObjectID {
    init(_ hex: String) { self = ObjectID(hex: hex)! }
}
