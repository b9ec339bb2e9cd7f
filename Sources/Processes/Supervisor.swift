import Core
import Foundation
import Glibc

/// Watches one child process from spawn to reaping (see ``ProcessRunner``).
final class Supervisor {
    private let spec: CommandSpec
    private let onLine: @Sendable (LogLine) -> Void
    private let cancelled: CancellationFlag
    private let pid: pid_t
    private let started = ContinuousClock.now
    private var streams: [OutputStream]
    private var outputBytes = 0
    private var truncated = false
    private var exitStatus: Int32?
    private var endedBy: CommandTermination?
    private var killDeadline: ContinuousClock.Instant?
    private var drainDeadline: ContinuousClock.Instant?

    init(spec: CommandSpec, onLine: @escaping @Sendable (LogLine) -> Void, cancelled: CancellationFlag) throws {
        self.spec = spec
        self.onLine = onLine
        self.cancelled = cancelled
        let spawned = try Spawner.spawn(spec)
        pid = spawned.pid
        streams = [
            OutputStream(descriptor: spawned.stdout, stream: .stdout),
            OutputStream(descriptor: spawned.stderr, stream: .stderr),
        ]
    }

    deinit {
        for stream in streams where stream.descriptor >= 0 { close(stream.descriptor) }
    }

    /// Runs until the child is reaped and its pipes are drained.
    func superviseToEnd() -> CommandResult {
        while streams.contains(where: { $0.isOpen }) || exitStatus == nil {
            pollOnce()
            reapIfExited()
            enforceLimits()
            if let drainDeadline, ContinuousClock.now > drainDeadline { break }
        }
        for index in streams.indices { flush(index) }
        if exitStatus == nil {
            // The pipes closed early (the command closed them) or draining gave up: wait for the child.
            killGroup(SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            exitStatus = status
        }
        return CommandResult(
            termination: endedBy ?? Self.termination(of: exitStatus ?? 0), duration: ContinuousClock.now - started,
            outputBytes: outputBytes, truncated: truncated)
    }

    private static func termination(of status: Int32) -> CommandTermination {
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    private func pollOnce() {
        var descriptors = streams.filter(\.isOpen).map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        guard !descriptors.isEmpty else {
            usleep(20_000)
            return
        }
        let ready = poll(&descriptors, nfds_t(descriptors.count), 50)
        guard ready > 0 else { return }
        for polled in descriptors where polled.revents != 0 {
            guard let index = streams.firstIndex(where: { $0.descriptor == polled.fd }) else { continue }
            read(index)
        }
    }

    private func read(_ index: Int) {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let count = chunk.withUnsafeMutableBytes { Glibc.read(streams[index].descriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            outputBytes += count
            streams[index].pending.append(contentsOf: chunk[0..<count])
            emitLines(index)
        } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
            close(streams[index].descriptor)
            streams[index].descriptor = -1
        }
    }

    private func emitLines(_ index: Int) {
        while let newline = streams[index].pending.firstIndex(of: UInt8(ascii: "\n")) {
            var line = streams[index].pending[..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            deliver(Array(line), index)
            streams[index].pending.removeSubrange(...newline)
        }
        // A line that never ends is cut, so memory stays bounded.
        while streams[index].pending.count >= OutputStream.maximumLine {
            deliver(Array(streams[index].pending.prefix(OutputStream.maximumLine)), index)
            streams[index].pending.removeFirst(OutputStream.maximumLine)
        }
    }

    private func flush(_ index: Int) {
        guard !streams[index].pending.isEmpty else { return }
        deliver(streams[index].pending, index)
        streams[index].pending.removeAll()
    }

    private func deliver(_ bytes: [UInt8], _ index: Int) {
        guard !truncated else { return }
        streams[index].kept += bytes.count + 1
        if streams.reduce(0, { $0 + $1.kept }) > spec.outputLimit {
            truncated = true
            onLine(
                LogLine(
                    at: Date(), stream: .slipway,
                    text: "[output truncated: more than \(spec.outputLimit) bytes; the rest is read and dropped]"))
            return
        }
        onLine(LogLine(at: Date(), stream: streams[index].stream, text: String(decoding: bytes, as: UTF8.self)))
    }

    private func reapIfExited() {
        guard exitStatus == nil else { return }
        // Look without reaping first: while the child is a zombie its pid, and so its process group id, cannot
        // be reused, so killing the group cannot hit an unrelated process.
        var info = siginfo_t()
        guard waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == pid
        else { return }
        // Whatever the command left running in its group (a daemon holding the pipes) goes with it.
        killGroup(SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        exitStatus = status
        drainDeadline = ContinuousClock.now + .seconds(2)
    }

    private func enforceLimits() {
        guard exitStatus == nil else { return }
        let now = ContinuousClock.now
        if endedBy == nil {
            if cancelled.isSet {
                endedBy = .cancelled
            } else if now - started > spec.timeout {
                endedBy = .timedOut
            }
            if endedBy != nil {
                killGroup(SIGTERM)
                killDeadline = now + spec.killGrace
            }
        } else if let killDeadline, now > killDeadline {
            killGroup(SIGKILL)
            self.killDeadline = nil
        }
    }

    private func killGroup(_ signal: Int32) {
        _ = kill(-pid, signal)
    }
}

/// One output pipe of the child and the bytes read from it that do not yet end a line.
struct OutputStream {
    static let maximumLine = 64 << 10
    var descriptor: Int32
    let stream: LogLine.Stream
    var pending: [UInt8] = []
    var kept = 0

    init(descriptor: Int32, stream: LogLine.Stream) {
        self.descriptor = descriptor
        self.stream = stream
    }

    var isOpen: Bool { descriptor >= 0 }
}
