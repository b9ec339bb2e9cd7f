package import Core
import Foundation
import Synchronization

/// Answers toolchain checks by running the template's command (`node --version`) once per
/// command and process, with a timeout, and reading the version from its output.
package final class ProcessToolchainProbe: ToolchainProbing {
    private let cache = Mutex<[ToolchainCheck: ToolchainStatus]>([:])
    private let timeout: Duration

    /// Creates a probe whose commands are killed after `timeout`.
    package init(timeout: Duration = .seconds(10)) {
        self.timeout = timeout
    }

    package func status(of check: ToolchainCheck) -> ToolchainStatus {
        if let known = cache.withLock({ $0[check] }) { return known }
        let status = probe(check)
        cache.withLock { $0[check] = status }
        return status
    }

    private func probe(_ check: ToolchainCheck) -> ToolchainStatus {
        guard let program = check.command.first else { return .notChecked }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = check.command
        let output = Pipe()
        process.standardOutput = check.readsStandardError ? FileHandle.nullDevice : output
        process.standardError = check.readsStandardError ? output : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .missing(reason: "cannot start `\(program)`: \(error.localizedDescription)")
        }
        let killer = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(
            deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: killer)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        if process.terminationReason == .uncaughtSignal {
            return .missing(reason: "`\(check.command.joined(separator: " "))` did not answer within \(timeout)")
        }
        if process.terminationStatus == 127 {
            return .missing(reason: "`\(program)` is not installed or not on PATH")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            return .missing(
                reason: "`\(check.command.joined(separator: " "))` exited with status \(process.terminationStatus)")
        }
        guard let regex = try? Regex(check.versionPattern), let match = try? regex.firstMatch(in: text),
            match.output.count > 1, let version = match.output[1].substring
        else {
            return .missing(reason: "`\(check.command.joined(separator: " "))` printed no version we recognise")
        }
        return .found(version: String(version))
    }
}
