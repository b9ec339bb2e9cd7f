import Foundation
import TestSupport

/// The checkout and the built `slipway` binary, found from this file and the test process.
enum Built {
    static let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `slipway` executable next to the test bundle (the test target depends on it).
    static let slipway = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("slipway").path

    /// What a finished child process left behind.
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `slipway` with `arguments` in `directory` and waits for it (at most 120 seconds), on a thread of
    /// its own: the test's task waits without holding one of Swift's few cooperative threads.
    static func run(
        _ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil
    )
        async throws -> Outcome
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    with: Result { try runBlocking(arguments, in: directory, environment: environment) })
            }
            thread.start()
        }
    }

    private static func runBlocking(
        _ arguments: [String], in directory: String?, environment: [String: String]?
    )
        throws -> Outcome
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: slipway)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        // Read both pipes while the child runs, so a large output cannot block it.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }
}

/// Files written into a test's folder.
extension TemporaryDirectory {
    /// Writes `text` to `relative`, creating folders on the way; returns the full path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try write(relative, bytes: Array(text.utf8))
    }

    /// Writes bytes to `relative`, creating folders on the way; returns the full path.
    @discardableResult
    func write(_ relative: String, bytes: [UInt8]) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        return full
    }
}

/// A server config: one GitHub connection and one integration on it.
enum Configs {
    static let relay = """
        connections:
          - id: acme
            provider: github
            webhook_secret: {env: HOOK_SECRET}
        integrations:
          - name: relay
            connection: acme
            repository_url: https://github.com/acme/relay.git
            path: services/relay
        """
}

enum Manifests {
    static let valid = "version: 1.0\nbase: shell\nbuild: \"true\"\nrun: ./run.sh\nconfigs: {}\n"
    static let invalid = "version: 1.0\nbase: nod:20\nbuild: npm ci\nrun: node .\nconfigs: {}\n"
}
