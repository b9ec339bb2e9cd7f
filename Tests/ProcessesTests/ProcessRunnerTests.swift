import Core
import Foundation
import Processes
import Synchronization
import Testing

/// Real child processes: exit codes, exact environments, timeouts that kill whole process groups,
/// output limits, cancellation.
@Suite struct ProcessRunnerTests {
    let runner = ProcessRunner()
    let environment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"]

    private func run(
        _ command: String, in directory: String = FileManager.default.temporaryDirectory.path,
        timeout: Duration = .seconds(30), outputLimit: Int = 1 << 20, killGrace: Duration = .seconds(2)
    ) async throws -> (CommandResult, [LogLine]) {
        let lines = Lines()
        let spec = CommandSpec.shell(
            command, directory: directory, environment: environment, timeout: timeout, outputLimit: outputLimit,
            killGrace: killGrace)
        let result = try await runner.run(spec) { lines.append($0) }
        return (result, lines.all)
    }

    @Test func exitStatusAndBothStreamsArrive() async throws {
        let (result, lines) = try await run("echo out one; echo err one >&2; echo out two; exit 3")
        #expect(result.termination == .exited(3))
        #expect(!result.succeeded)
        #expect(lines.filter { $0.stream == .stdout }.map(\.text) == ["out one", "out two"])
        #expect(lines.filter { $0.stream == .stderr }.map(\.text) == ["err one"])
        #expect(result.outputBytes == "out one\nerr one\nout two\n".utf8.count)
    }

    @Test func theEnvironmentIsExactlyTheOneGiven() async throws {
        let spec = CommandSpec(
            executable: "/usr/bin/env", arguments: [], directory: "/", environment: ["ONLY": "this one", "X": "a=b"],
            timeout: .seconds(10), outputLimit: 1 << 16, killGrace: .seconds(1))
        let lines = Lines()
        let result = try await runner.run(spec) { lines.append($0) }
        #expect(result.succeeded)
        #expect(lines.all.map(\.text).sorted() == ["ONLY=this one", "X=a=b"])
    }

    @Test func theWorkingDirectoryIsSetInTheChild() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (result, lines) = try await run("pwd", in: folder)
        #expect(result.succeeded)
        #expect(lines.map(\.text) == [folder])
        #expect(FileManager.default.currentDirectoryPath != folder)
    }

    @Test func aTimeoutKillsTheWholeProcessGroupGrandchildrenToo() async throws {
        let pidFile = FileManager.default.temporaryDirectory.appendingPathComponent("grandchild-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: pidFile) }
        let clock = ContinuousClock()
        let start = clock.now
        let (result, _) = try await run("sleep 300 & echo $! > \(pidFile); sleep 300", timeout: .seconds(1))
        #expect(result.termination == .timedOut)
        // The supervisor's own clock: the wall clock of a busy test run also counts waiting for a free thread.
        #expect(result.duration < .seconds(4))
        #expect(clock.now - start < .seconds(60))
        let grandchild = try #require(
            Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(try await Self.isGone(grandchild))
    }

    @Test func aCommandIgnoringSIGTERMIsKilledAfterTheGrace() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (result, _) = try await run(
            "trap '' TERM; sleep 300 & wait; sleep 300", timeout: .milliseconds(300), killGrace: .milliseconds(300))
        #expect(result.termination == .timedOut)
        #expect(result.duration < .seconds(3))
        #expect(clock.now - start < .seconds(60))
    }

    @Test func outputPastTheLimitIsDroppedAndSaidSo() async throws {
        let (result, lines) = try await run("yes 0123456789 | head -c 1000000", outputLimit: 1_000)
        #expect(result.succeeded)
        #expect(result.truncated)
        #expect(result.outputBytes == 1_000_000)
        #expect(lines.last?.stream == .slipway)
        #expect(lines.last?.text.contains("output truncated: more than 1000 bytes") == true)
        #expect(lines.filter { $0.stream == .stdout }.reduce(0) { $0 + $1.text.utf8.count + 1 } <= 1_000)
    }

    @Test func aLineWithoutEndIsCutToBoundMemory() async throws {
        let (result, lines) = try await run("head -c 200000 /dev/zero | tr '\\0' x")
        #expect(result.succeeded)
        #expect(lines.map(\.text.utf8.count) == [65_536, 65_536, 65_536, 200_000 - 3 * 65_536])
    }

    @Test func cancellingTheTaskKillsTheCommand() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let task = Task { try await run("sleep 300") }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let (result, _) = try await task.value
        #expect(result.termination == .cancelled)
        #expect(result.duration < .seconds(5))
        #expect(clock.now - start < .seconds(60))
    }

    @Test func aBackgroundDaemonDoesNotHoldTheRunOpen() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let (result, lines) = try await run("(sleep 300 &); echo started")
        #expect(result.succeeded)
        #expect(lines.map(\.text) == ["started"])
        #expect(result.duration < .seconds(4))
        #expect(clock.now - start < .seconds(60))
    }

    @Test func aSignalThatEndsTheCommandIsReported() async throws {
        let (result, _) = try await run("kill -TERM $$")
        #expect(result.termination == .signaled(15))
    }

    @Test func aMissingDirectoryOrProgramIsAClearError() async throws {
        await #expect(throws: CommandError.self) { _ = try await run("true", in: "/nonexistent/folder") }
        let spec = CommandSpec(
            executable: "/nonexistent/program", arguments: [], directory: "/", environment: [:], timeout: .seconds(5),
            outputLimit: 100, killGrace: .seconds(1))
        do {
            _ = try await runner.run(spec) { _ in }
            Issue.record("a missing program must throw")
        } catch let error as CommandError {
            #expect(error.message.contains("cannot start `/nonexistent/program`"))
        }
    }

    @Test func linesCarryTimestampsInOrder() async throws {
        let (_, lines) = try await run("echo a; sleep 0.2; echo b")
        #expect(lines.count == 2)
        #expect(lines[1].at.timeIntervalSince(lines[0].at) >= 0.15)
    }

    /// Whether a process no longer runs (gone, or a zombie nobody has reaped yet), waiting up to 5 seconds.
    static func isGone(_ pid: Int32) async throws -> Bool {
        for _ in 0..<50 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
            if let state = stat.split(separator: ")").last?.split(separator: " ").first, state == "Z" { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// Lines collected from the supervisor thread.
final class Lines: Sendable {
    private let lines = Mutex<[LogLine]>([])
    func append(_ line: LogLine) { lines.withLock { $0.append(line) } }
    var all: [LogLine] { lines.withLock { $0 } }
}
