import Core
import Foundation
import Synchronization
import Testing

@testable import Database

@Suite struct ConcurrencyTests {
    let scratch = Scratch()

    @Test func threadsOnTwoStoresNeverClaimTheSameJob() throws {
        // Two stores on one file behave like two processes: separate connections, SQLite's file locks between them.
        let stores = [try scratch.store(), try scratch.store()]
        let jobCount = 1600
        for index in 0..<jobCount {
            let group = index % 5 == 0 ? "group:\(index % 3)" : nil
            _ = try stores[index % 2].enqueue(JobSpec(kind: "work", key: "job:\(index)", group: group), now: start)
        }
        let claimed = Mutex<[Int64]>([])
        let failures = Mutex<[String]>([])
        onThreads(8) { thread in
            let store = stores[thread % 2]
            let owner = "worker-\(thread)"
            do {
                while let job = try store.claim(owner: owner, kinds: nil, lease: .seconds(600), now: start) {
                    claimed.withLock { $0.append(job.id) }
                    guard try store.complete(jobID: job.id, owner: owner, now: start) else {
                        failures.withLock { $0.append("\(owner) lost job \(job.id)") }
                        return
                    }
                }
            } catch {
                failures.withLock { $0.append("\(owner): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let ids = claimed.withLock { $0 }
        #expect(ids.count == jobCount)
        #expect(Set(ids).count == jobCount, "every job is claimed exactly once")
        #expect(try stores[0].counts() == [.queued: 0, .running: 0, .succeeded: jobCount, .failed: 0])
    }

    @Test func twoStoresOnOneFileSeeEachOthersCommits() throws {
        let first = try scratch.store()
        let second = try scratch.store()
        let relay = try first.createIntegration(
            NewIntegration(name: "relay", repositoryID: nil, repositoryURL: nil, trackingBranch: "main"), now: start)
        #expect(try second.integration(named: "relay") == relay)

        let job = try second.enqueue(JobSpec(kind: "fetch", key: "fetch:1"), now: start).job
        #expect(try first.claim(owner: "first", kinds: nil, lease: .seconds(30), now: start)?.id == job.id)
        #expect(try second.job(id: job.id)?.leaseOwner == "first")
        #expect(try second.claim(owner: "second", kinds: nil, lease: .seconds(30), now: start) == nil)

        let delivery = NewTrigger(source: .webhook, provider: "github", deliveryID: "once")
        let recorded = try first.submit(delivery, integrationIDs: [relay.id], unmatchedReason: "", jobs: [], now: start)
        let repeated = try second.submit(
            delivery, integrationIDs: [relay.id], unmatchedReason: "", jobs: [], now: at(1))
        #expect(recorded.created && !repeated.created && repeated.trigger.id == recorded.trigger.id)
    }

    @Test func aWriterWaitsForAnotherProcessesWriteLockUpToItsBusyTimeout() throws {
        let holder = try scratch.store()
        let impatient = try scratch.store(options: .init(busyTimeout: .milliseconds(100)))
        let patient = try scratch.store(options: .init(busyTimeout: .seconds(20)))
        let locked = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        Thread {
            do {
                try holder.write { _ in
                    locked.signal()
                    Thread.sleep(forTimeInterval: 0.8)
                }
            } catch {
                Issue.record("the holder could not write: \(error)")
                locked.signal()
            }
            released.signal()
        }.start()
        #expect(locked.wait(timeout: .now() + 10) == .success)

        let busy = storeError { _ = try impatient.enqueue(JobSpec(kind: "k", key: "impatient"), now: start) }
        #expect(busy?.code == .unavailable)
        #expect(busy?.message.contains("busy timeout") == true)
        let began = Date()
        let job = try patient.enqueue(JobSpec(kind: "k", key: "patient"), now: start)
        #expect(Date().timeIntervalSince(began) > 0.2, "it waited for the lock")
        #expect(job.created)
        #expect(released.wait(timeout: .now() + 10) == .success)
        #expect(try impatient.jobs(key: "impatient").isEmpty)
    }

    @Test func aProcessKilledInsideATransactionLeavesNoPartialRows() throws {
        let helper = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("DatabaseCrashHelper").path
        try #require(FileManager.default.isExecutableFile(atPath: helper), "build DatabaseCrashHelper first")
        let path = scratch.path()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [path, "300000"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        var printed = ""
        while !printed.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            printed += String(decoding: data, as: UTF8.self)
        }
        let ready = printed.split(separator: "\n").first ?? ""
        let buildID = try #require(
            ready.hasPrefix("ready ") ? Int64(ready.dropFirst(6)) : nil, "helper said: \(printed)")

        // Kill it once the open transaction has spilled uncommitted pages into the write-ahead log.
        let wal = path + "-wal"
        let walSize = { (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 }
        let baseline = walSize()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && walSize() < baseline + 1_000_000 && Date() < deadline {
            usleep(1000)
        }
        let grown = walSize() - baseline
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        printed += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(!printed.contains("committed"), "the transaction ended before the kill; give the helper more lines")
        #expect(grown >= 1_000_000, "uncommitted pages reached the log before the kill")

        let store = try SQLiteStore(path: path)
        #expect(try store.pragma("integrity_check") == "ok")
        #expect(try store.build(id: buildID)?.status == .queued, "what was committed before survives")
        #expect(try store.buildLog(buildID: buildID).isEmpty, "nothing of the killed transaction survives")
        #expect(try store.count("build_log") == 0)
        let line = LogLine(at: start, stream: .slipway, text: "after the crash")
        try store.appendBuildLog(buildID: buildID, lines: [line])
        #expect(try store.buildLog(buildID: buildID) == [line])
    }
}
