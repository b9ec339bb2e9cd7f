import Core
import Foundation
import Git
import TestSupport
import Testing

/// 4 MiB that do not compress, so that a pack takes a while to send through a throttled server.
func incompressibleBytes(count: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes = [UInt8]()
    bytes.reserveCapacity(count)
    while bytes.count < count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        withUnsafeBytes(of: mixed) { bytes.append(contentsOf: $0) }
    }
    return Array(bytes.prefix(count))
}

@Suite("Transfers that fail, stall or are cancelled")
struct FailureTests {
    @Test("a server killed mid-fetch gives a clear error, and the mirror serves the next fetch")
    func serverKilledMidFetch() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        let old = try await origin.commit(["a": .file("1\n")])
        let server = try await harness.httpServer()
        let remote = try RemoteURL(server.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let new = try await origin.commit(["big.bin": .bytes(incompressibleBytes(count: 4 << 20, seed: 1))])

        server.kill()
        try await server.restart(options: .init(throttle: 1 << 20))
        let (error, elapsed) = await timed {
            await gitError {
                try await harness.store.fetch(
                    FetchRequest(
                        remote: remote, branches: ["main"],
                        transfer: TransferOptions(progress: { progress in
                            if progress.receivedBytes > 0 { server.kill() }
                        })))
            }
        }
        #expect(error?.code == .network)
        #expect(error?.message.contains(remote.redacted) == true)
        #expect(elapsed < .seconds(10))
        #expect(try await harness.store.commit(for: "main", in: remote).id == ObjectID(old))

        try await server.restart(options: .init())
        let result = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        #expect(result.head(ofBranch: "main") == ObjectID(new))
        #expect(!result.createdMirror)
        try await GitCommand.run(["--git-dir=" + harness.store.mirrorDirectory(for: remote), "fsck", "--no-progress"])
    }

    @Test("a transfer that stops sending is aborted after the stall timeout")
    func stallMidTransfer() async throws {
        let harness = try Harness()
        let origin = try await harness.origin()
        try await origin.commit(["big.bin": .bytes(incompressibleBytes(count: 1 << 20, seed: 2))])
        // Past 100 KiB, where libgit2 reports received bytes even before the first object is complete.
        let server = try await harness.httpServer(.init(stallAfter: 256 << 10))
        let remote = try RemoteURL(server.url("repo.git"))
        let progress = ProgressLog()
        let (error, elapsed) = await timed {
            await gitError {
                try await harness.store.fetch(
                    FetchRequest(
                        remote: remote, branches: ["main"],
                        transfer: TransferOptions(stallTimeout: .seconds(2), progress: progress.record)))
            }
        }
        let failed = ContinuousClock.now
        #expect(error?.code == .stalled)
        #expect(error?.message.contains("received nothing for 2 s") == true)
        // Data arrived, then stopped: this is the mid-transfer path, caught through the progress callbacks.
        let lastReport = try #require(progress.lastReport, "no progress before the stall: \(String(describing: error))")
        #expect(progress.values.contains { $0.receivedBytes > 0 })
        // Aborted one stall timeout after the last data (callbacks come at most 0.1 s after the last report).
        let quiet = failed - lastReport
        #expect(quiet >= .seconds(1.9) && quiet < .seconds(7), "quiet for \(quiet) before the abort")
        #expect(elapsed < .seconds(30))
        #expect(!FileManager.default.fileExists(atPath: harness.store.mirrorDirectory(for: remote)))
    }

    @Test("a server that accepts and never answers is caught by the watchdog (no callback ever runs)")
    func silentServer() async throws {
        let harness = try Harness()
        let server = try await harness.httpServer(.init(silent: true))
        let remote = try RemoteURL(server.url("repo.git"))
        let transfer = TransferOptions(stallTimeout: .seconds(1))
        let (fetchError, fetchTime) = await timed {
            await gitError {
                try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"], transfer: transfer))
            }
        }
        #expect(fetchError?.code == .stalled)
        #expect(fetchTime < .seconds(10))
        let (lsError, lsTime) = await timed {
            await gitError {
                try await harness.store.remoteHeads(of: remote, credentials: .anonymous, transfer: transfer)
            }
        }
        #expect(lsError?.code == .stalled)
        #expect(lsTime < .seconds(10))
    }

    @Test("cancelling the task or the token ends the wait at once and aborts the fetch")
    func cancellation() async throws {
        let harness = try Harness()
        let server = try await harness.httpServer(.init(silent: true))
        let remote = try RemoteURL(server.url("repo.git"))

        let task = Task { try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"])) }
        try await Task.sleep(for: .milliseconds(300))
        let (outcome, elapsed) = await timed {
            task.cancel()
            return await task.result
        }
        #expect(throws: CancellationError.self) { try outcome.get() }
        #expect(elapsed < .seconds(5))

        let token = CancellationToken()
        let tokenTask = Task {
            try await harness.store.fetch(
                FetchRequest(remote: remote, branches: ["main"], transfer: TransferOptions(cancellation: token)))
        }
        try await Task.sleep(for: .milliseconds(300))
        token.cancel()
        let error = await gitError { try await tokenTask.value }
        #expect(error?.code == .cancelled)

        // The aborted fetches released the repository: a new one runs (and stalls) on its own.
        let next = await gitError {
            try await harness.store.fetch(
                FetchRequest(remote: remote, branches: ["main"], transfer: TransferOptions(stallTimeout: .seconds(1))))
        }
        #expect(next?.code == .stalled)
        #expect(await harness.store.fetchesPerformed == 3)
    }

    @Test("SSH is available in this libgit2; unreachable SSH hosts and missing key files fail clearly")
    func ssh() async throws {
        let harness = try Harness()
        let keyDirectory = try TemporaryDirectory(prefix: "ssh")
        let key = keyDirectory.appending("id_ed25519")
        try await GitCommand.runProgram(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key])
        let port = try freeLoopbackPort()
        let remote = try RemoteURL("ssh://git@127.0.0.1:\(port)/acme/repo.git")
        let credentials = GitCredentials.sshKey(SSHKey(privateKey: .file(path: key)))
        let (error, elapsed) = await timed {
            await gitError {
                try await harness.store.fetch(
                    FetchRequest(remote: remote, credentials: credentials, branches: ["main"]))
            }
        }
        // .network (connection refused), not .unsupported: this libgit2 is built with libssh2.
        #expect(error?.code == .network)
        #expect(error?.message.contains("ssh://git@127.0.0.1:\(port)/acme/repo.git") == true)
        #expect(elapsed < .seconds(10))

        let missingKey = GitCredentials.sshKey(SSHKey(privateKey: .file(path: keyDirectory.appending("absent"))))
        let keyError = await gitError {
            try await harness.store.fetch(FetchRequest(remote: remote, credentials: missingKey, branches: ["main"]))
        }
        #expect(keyError?.code == .invalidArgument)
        #expect(keyError?.message.contains("absent") == true)
    }
}
