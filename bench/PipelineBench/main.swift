// Drives the release pipeline for bench/pipeline.sh.
//
//   PipelineBench latency <served-dir> <url-base> <data-dir> <templates> <runs>
//       push-to-release latency of a small repository with a trivial build, each run next to the baseline
//       `git fetch && git archive | gzip` of the same change, in the same process and moment.
//   PipelineBench memory <served-dir> <url-base> <data-dir> <templates> <repositories> <integrations-per-repository>
//       resident memory of a process that has built and now tracks every integration.
import Commands
import Core
import Database
import Foundation
import Manifest
import Pipeline

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("PipelineBench: " + message + "\n").utf8))
    exit(1)
}

/// Runs a program and returns its standard output; fails the benchmark when it fails.
@discardableResult
func sh(_ command: String, in directory: String? = nil) -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch { fail("cannot run \(command): \(error)") }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fail("`\(command)` exited with \(process.terminationStatus)") }
    return String(decoding: data, as: UTF8.self)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// `VmRSS` and `VmHWM` of this process, in MiB.
func memory() -> (resident: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
        let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
    return (field("VmRSS"), field("VmHWM"))
}

let manifest = "version: 1.0\nbase: shell\nbuild: echo ok > out.txt\nrun: cat out.txt\nconfigs: {}\n"

/// A served bare repository and a working clone to commit and push from.
func makeRepository(served: String, name: String, folders: [String], work: String) {
    sh("git init -q --bare -b main \(served)/\(name).git")
    sh("git init -q -b main \(work) && git -C \(work) remote add origin \(served)/\(name).git")
    for folder in folders {
        let directory = folder.isEmpty ? work : work + "/" + folder
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/PANDIUM.yaml", contents: Data(manifest.utf8))
        for index in 0..<10 {
            let file = directory + "/file\(index).txt"
            _ = FileManager.default.createFile(atPath: file, contents: Data("\(index)\n".utf8))
        }
    }
    sh("git -C \(work) add -A && git -C \(work) commit -qm initial && git -C \(work) push -q origin main")
}

func runtime(data: String, templates: String) -> Runtime {
    do {
        // Each run pushes right after the previous one's fetch: what is measured is the pipeline, not the
        // minimum interval that spaces out a storm's fetches.
        return try Runtime(
            dataDirectory: data, templates: try TemplateCatalog.load(directory: templates), logger: .disabled,
            configure: { $0.fetchMinimumInterval = .zero })
    } catch {
        fail("cannot open the runtime: \(error)")
    }
}

func integration(_ runtime: Runtime, name: String, url: String, path: String) throws -> Integration {
    let remote = try RemoteURL(url)
    let repository = try runtime.store.upsertRepository(key: remote.repositoryKey, url: url, connectionID: nil)
    return try runtime.store.createIntegration(
        NewIntegration(name: name, repositoryID: repository.id, repositoryURL: url, trackingBranch: "main", path: path),
        now: Date())
}

func push(_ runtime: Runtime, url: String) throws {
    _ = try runtime.pipeline.intake.submit(
        NewTrigger(
            source: .webhook, provider: "github", deliveryID: UUID().uuidString,
            repositoryKey: try RemoteURL(url).repositoryKey, ref: "refs/heads/main"))
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch (arguments.first, arguments.count) {
    case ("latency", 6):
        let (served, urlBase, data, templates, runs) = (
            arguments[1], arguments[2], arguments[3], arguments[4], Int(arguments[5]) ?? 9
        )
        let work = data + "-work"
        makeRepository(served: served, name: "latency", folders: [""], work: work)
        let url = urlBase + "/latency.git"
        sh("git clone -q \(url) \(data)-baseline")
        let runtime = runtime(data: data, templates: templates)
        let relay = try integration(runtime, name: "latency", url: url, path: "")
        let worker = PipelineWorker(pipeline: runtime.pipeline, owner: "bench")
        try push(runtime, url: url)
        await worker.runUntilIdle()
        var slipway: [Double] = []
        var baseline: [Double] = []
        for run in 1...runs {
            _ = FileManager.default.createFile(atPath: work + "/counter.txt", contents: Data("\(run)\n".utf8))
            sh("git -C \(work) add -A && git -C \(work) commit -qm change-\(run) && git -C \(work) push -q origin main")
            let before = try runtime.store.releases(integrationID: relay.id, limit: 1, offset: 0).first?.number ?? 0
            let start = ContinuousClock.now
            try push(runtime, url: url)
            await worker.runUntilIdle()
            slipway.append((ContinuousClock.now - start).inSeconds)
            guard let release = try runtime.store.latestRelease(integrationID: relay.id), release.number == before + 1
            else {
                fail("run \(run) made no release")
            }
            let baselineStart = ContinuousClock.now
            sh(
                "git -C \(data)-baseline fetch -q origin && git -C \(data)-baseline archive origin/main | gzip -6 -n > /dev/null"
            )
            baseline.append((ContinuousClock.now - baselineStart).inSeconds)
        }
        print(
            String(
                format: "slipway_ms=%.1f baseline_ms=%.1f ratio=%.2f runs=%d", median(slipway) * 1000,
                median(baseline) * 1000, median(slipway) / median(baseline), runs))
    case ("memory", 7):
        let (served, urlBase, data, templates) = (arguments[1], arguments[2], arguments[3], arguments[4])
        let repositories = Int(arguments[5]) ?? 100
        let perRepository = Int(arguments[6]) ?? 10
        let runtime = runtime(data: data, templates: templates)
        let started = memory()
        for index in 0..<repositories {
            let folders = (0..<perRepository).map { "services/s\($0)" }
            makeRepository(served: served, name: "repo\(index)", folders: folders, work: data + "-work/repo\(index)")
            let url = urlBase + "/repo\(index).git"
            for folder in folders {
                _ = try integration(
                    runtime, name: "r\(index)-\(folder.split(separator: "/").last!)", url: url, path: folder)
            }
        }
        let start = ContinuousClock.now
        for index in 0..<repositories { try push(runtime, url: urlBase + "/repo\(index).git") }
        let worker = PipelineWorker(pipeline: runtime.pipeline, owner: "bench")
        await worker.runUntilIdle()
        let built = (ContinuousClock.now - start).inSeconds
        // A second round: every repository pushed again with nothing changed (tracking, no builds).
        for index in 0..<repositories { try push(runtime, url: urlBase + "/repo\(index).git") }
        await worker.runUntilIdle()
        let releases = try runtime.store.allIntegrations().reduce(0) {
            $0 + (try runtime.store.releases(integrationID: $1.id, limit: 10, offset: 0).count)
        }
        let after = memory()
        print(
            String(
                format:
                    "integrations=%d repositories=%d releases=%d build_seconds=%.1f rss_start_mib=%.1f rss_mib=%.1f peak_mib=%.1f",
                repositories * perRepository, repositories, releases, built, started.resident, after.resident,
                after.peak))
    default:
        fail("usage: PipelineBench latency|memory … (see bench/pipeline.sh)")
    }
} catch {
    fail("\(error)")
}
