import Core
import Crypto
import Foundation
import Git
import TestSupport
import Testing

@Suite("Deterministic archives and materialized trees")
struct ExportTests {
    private static let longName = "integrations/billing/" + String(repeating: "deep-folder/", count: 9) + "file.txt"

    private func world(
        _ extra: [String: FixtureRepository.Change] = [:]
    ) async throws
        -> (Harness, FixtureRepository, GitDaemon, RemoteURL, String)
    {
        let harness = try Harness()
        let origin = try await harness.origin()
        var files: [String: FixtureRepository.Change] = [
            "integrations/billing/PANDIUM.yaml": .file("version: 1.0\n"),
            "integrations/billing/run.sh": .executable("#!/bin/sh\necho run\n"),
            "integrations/billing/lib": .symlink("../../shared/lib"),
            "integrations/billing/docs/readme.md": .file("docs\n"),
            "integrations/crm/secret.txt": .file("not exported\n"),
            "shared/lib/util.js": .file("exports.x = 1\n"),
            Self.longName: .file("long\n"),
            "integrations/billing/longlink": .symlink(String(Self.longName.dropFirst("integrations/billing/".count))),
        ]
        files.merge(extra) { $1 }
        let head = try await origin.commit(files)
        let daemon = try await harness.daemon()
        let remote = try RemoteURL(daemon.url("repo.git"))
        _ = try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        return (harness, origin, daemon, remote, head)
    }

    private func request(
        _ head: String, includes: [String] = ["shared/lib"], limits: ExportLimits = .standard
    ) throws
        -> ExportRequest
    {
        ExportRequest(
            commit: ObjectID(head), root: try RepositoryPath("integrations/billing"),
            includes: try includes.map(RepositoryPath.init), limits: limits)
    }

    @Test("the same tree exported twice, from two data directories, is byte-identical")
    func deterministic() async throws {
        let (harness, _, daemon, remote, head) = try await world()
        let other = try harness.secondStore()
        _ = try await other.fetch(FetchRequest(remote: remote, branches: ["main"]))
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let first = try await harness.store.exportArchive(try request(head), in: remote, temporaryDirectory: out)
        let second = try await other.exportArchive(try request(head), in: remote, temporaryDirectory: out)
        #expect(first.file != second.file)
        #expect(first.digest == second.digest)
        #expect(first.tarDigest == second.tarDigest)
        let bytes = try #require(FileManager.default.contents(atPath: first.file))
        #expect(bytes.count == first.size)
        #expect(sha256(Array(bytes)).prefixed == first.digest)
        #expect(bytes == FileManager.default.contents(atPath: second.file))
        // gzip header: magic, deflate, no flags, mtime 0, OS byte 255.
        #expect(Array(bytes.prefix(10)) == [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])
        _ = daemon
    }

    @Test("entries, modes, owners and mtimes read back with the system tar")
    func readBack() async throws {
        let (harness, _, daemon, remote, head) = try await world()
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let archive = try await harness.store.exportArchive(try request(head), in: remote, temporaryDirectory: out)
        let listing = try await GitCommand.runProgram(
            ["tar", "--numeric-owner", "--full-time", "-tvzf", archive.file], environment: ["TZ": "UTC"])
        // mode, owner, size, date, time, name [-> target]
        let lines = listing.split(separator: "\n").map {
            $0.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
        }
        let names = lines.map { String($0[5].split(separator: " -> ")[0]) }
        let expectedNames = [
            "integrations/", "integrations/billing/", "integrations/billing/PANDIUM.yaml",
            "integrations/billing/deep-folder/",
        ]
        #expect(Array(names.prefix(4)) == expectedNames)
        #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(names.contains(Self.longName))
        #expect(names.contains("shared/lib/util.js"))
        #expect(!names.contains { $0.hasPrefix("integrations/crm") })
        for line in lines {
            #expect(line[1] == "0/0")
            #expect(line[3] == "2023-11-14" && line[4] == "22:13:21")
        }
        let modes = Dictionary(uniqueKeysWithValues: zip(names, lines.map { String($0[0]) }))
        #expect(modes["integrations/billing/run.sh"] == "-rwxr-xr-x")
        #expect(modes["integrations/billing/PANDIUM.yaml"] == "-rw-r--r--")
        #expect(modes["integrations/"] == "drwxr-xr-x")
        #expect(listing.contains("integrations/billing/lib -> ../../shared/lib"))
        #expect(listing.contains("integrations/billing/longlink -> deep-folder/deep-folder/"))
        #expect(archive.summary.commitTime == 1_700_000_001)
        #expect(archive.summary.symlinks == 2)

        // Extracted, the tree has the same files, and the symlink leads to the include.
        let extracted = harness.scratch.appending("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try await GitCommand.runProgram(["tar", "-xzf", archive.file, "-C", extracted])
        #expect(
            try String(contentsOfFile: extracted + "/integrations/billing/lib/util.js", encoding: .utf8)
                == "exports.x = 1\n")
        #expect(try String(contentsOfFile: extracted + "/integrations/billing/longlink", encoding: .utf8) == "long\n")
        _ = daemon
    }

    @Test("materialize writes the same files as the archive, with their modes")
    func materialize() async throws {
        let (harness, _, daemon, remote, head) = try await world()
        let destination = harness.scratch.appending("workspace")
        let summary = try await harness.store.materialize(try request(head), in: remote, into: destination)
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let archive = try await harness.store.exportArchive(try request(head), in: remote, temporaryDirectory: out)
        #expect(summary == archive.summary)
        let extracted = harness.scratch.appending("extracted")
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try await GitCommand.runProgram(["tar", "-xzf", archive.file, "-C", extracted])
        let diff = try await GitCommand.runProgram(["diff", "-r", "--no-dereference", extracted, destination])
        #expect(diff.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: destination + "/integrations/billing/run.sh")
        #expect((attributes[.posixPermissions] as? Int) == 0o755)

        let again = await gitError {
            try await harness.store.materialize(try request(head), in: remote, into: destination)
        }
        #expect(again?.code == .fileSystem)
        #expect(again?.message.contains("not an empty directory") == true)
        _ = daemon
    }

    @Test("submodules are listed and not followed; missing includes are reported")
    func submodules() async throws {
        let pinned = String(repeating: "c", count: 40)
        let (harness, _, daemon, remote, head) = try await world(["integrations/billing/vendor/sdk": .submodule(pinned)]
        )
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let archive = try await harness.store.exportArchive(
            try request(head, includes: ["shared/lib", "shared/absent"]), in: remote, temporaryDirectory: out)
        #expect(
            archive.summary.submodules == [
                SubmoduleReference(path: "integrations/billing/vendor/sdk", commit: ObjectID(pinned))
            ])
        #expect(archive.summary.missingIncludes == [try RepositoryPath("shared/absent")])
        let listing = try await GitCommand.runProgram(["tar", "-tzf", archive.file])
        #expect(!listing.contains("vendor/sdk"))
        _ = daemon
    }

    @Test("a folder of 10,000 files exports, and a smaller entry limit refuses it by name")
    func manyFiles() async throws {
        var files: [String: FixtureRepository.Change] = [:]
        for index in 0..<10_000 { files["integrations/billing/data/f\(index).txt"] = .file("\(index)\n") }
        let (harness, _, daemon, remote, head) = try await world(files)
        let out = harness.scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let (archive, elapsed) = try await timed {
            try await harness.store.exportArchive(try request(head), in: remote, temporaryDirectory: out)
        }
        #expect(archive.summary.files == 10_005)
        #expect(elapsed < .seconds(20))
        let limited = ExportLimits(maxFileBytes: 1 << 20, maxTotalBytes: 1 << 30, maxEntries: 5_000)
        let error = await gitError {
            try await harness.store.exportArchive(
                try request(head, limits: limited), in: remote, temporaryDirectory: out)
        }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("5000 entries") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 1)
        _ = daemon
    }
}
