import Artifacts
import Core
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct WorkspacePackerTests {
    /// Builds a workspace: `files` maps relative paths to contents (`@link:` makes a symlink).
    private func workspace(
        _ files: [(String, String)], executable: Set<String> = [], in scratch: TemporaryDirectory, name: String
    )
        throws -> String
    {
        let root = scratch.appending(name)
        for (path, contents) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if contents.hasPrefix("@link:") {
                try FileManager.default.createSymbolicLink(
                    atPath: full, withDestinationPath: String(contents.dropFirst(6)))
            } else {
                try Data(contents.utf8).write(to: URL(fileURLWithPath: full))
                chmod(full, executable.contains(path) ? 0o750 : 0o600)
            }
        }
        return root
    }

    private func listing(_ archive: String) async throws -> [String] {
        try await GitCommand.runProgram(
            ["tar", "--numeric-owner", "--full-time", "-tvzf", archive], environment: ["TZ": "UTC"]
        )
        .split(separator: "\n").map { line in
            line.split(separator: " ", omittingEmptySubsequences: true).map(String.init).joined(separator: " ")
        }
    }

    @Test func theSameFilesGiveTheSameBytesWhateverTheirHistory() throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let files = [("b.txt", "bee\n"), ("a/z.txt", "zed\n"), ("a/y.sh", "#!/bin/sh\n"), ("link", "@link:a/z.txt")]
        let first = try workspace(files, executable: ["a/y.sh"], in: scratch, name: "one")
        let second = try workspace(files.reversed(), executable: ["a/y.sh"], in: scratch, name: "two")
        // Different times and permission bits other than "executable" must not matter.
        chmod(second + "/b.txt", 0o664)
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, second + "/a/z.txt", &times, 0)
        let packer = WorkspacePacker()
        let a = try packer.pack(directory: first, excluding: [], mtime: 1_700_000_000, into: tmp)
        let b = try packer.pack(directory: second, excluding: [], mtime: 1_700_000_000, into: tmp)
        #expect(a.digest == b.digest)
        #expect(a.size == b.size)
        #expect(a.files == 3)
        let later = try packer.pack(directory: first, excluding: [], mtime: 1_700_000_001, into: tmp)
        #expect(later.digest != a.digest)
    }

    @Test func entriesAreSortedOwnedByRootDatedAndModedNormally() async throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let root = try workspace(
            [("run.sh", "#!/bin/sh\n"), ("lib/data.json", "{}\n"), ("current", "@link:lib")], executable: ["run.sh"],
            in: scratch, name: "ws")
        let packed = try WorkspacePacker().pack(directory: root, excluding: [], mtime: 1_700_000_000, into: tmp)
        let lines = try await listing(packed.file)
        #expect(
            lines == [
                "lrwxrwxrwx 0/0 0 2023-11-14 22:13:20 current -> lib",
                "drwxr-xr-x 0/0 0 2023-11-14 22:13:20 lib/",
                "-rw-r--r-- 0/0 3 2023-11-14 22:13:20 lib/data.json",
                "-rwxr-xr-x 0/0 10 2023-11-14 22:13:20 run.sh",
            ])
    }

    @Test func excludedPathsAreLeftOut() async throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let root = try workspace(
            [
                ("app/index.js", "1\n"), ("app/debug.log", "x\n"), ("app/node_modules/.cache/big", "cache\n"),
                ("app/node_modules/left-pad/index.js", "2\n"), (".git/HEAD", "ref\n"),
                ("deep/x/__pycache__/m.pyc", "c\n"),
            ], in: scratch, name: "ws")
        let packed = try WorkspacePacker().pack(
            directory: root, excluding: [".git", "*.log", "app/node_modules/.cache", "__pycache__"],
            mtime: 0, into: tmp)
        let names = try await listing(packed.file).map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(
            names == [
                "app/", "app/index.js", "app/node_modules/", "app/node_modules/left-pad/",
                "app/node_modules/left-pad/index.js", "deep/", "deep/x/",
            ])
    }

    @Test func socketsAndFifosAreSkippedAndNamed() throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let root = try workspace([("a.txt", "a\n")], in: scratch, name: "ws")
        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        let packed = try WorkspacePacker().pack(directory: root, excluding: [], mtime: 0, into: tmp)
        #expect(packed.skipped == ["pipe"])
        #expect(packed.files == 1)
    }

    @Test func filesOverTheLimitAreRefusedNamingThem() throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let root = try workspace([("big.bin", String(repeating: "x", count: 2_000))], in: scratch, name: "ws")
        #expect {
            _ = try WorkspacePacker(maxFileBytes: 1_000).pack(directory: root, excluding: [], mtime: 0, into: tmp)
        } throws: { error in
            guard let error = error as? ArtifactError else { return false }
            return error.code == .unsafeContent && error.message.contains("big.bin is 2000 bytes")
        }
        #expect {
            _ = try WorkspacePacker(maxTotalBytes: 1_000).pack(directory: root, excluding: [], mtime: 0, into: tmp)
        } throws: { error in
            (error as? ArtifactError)?.message.contains("over the 1000-byte limit for an artifact") == true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    }

    @Test func aLargeFileStreamsIntact() async throws {
        let scratch = try TemporaryDirectory(prefix: "pack")
        let tmp = scratch.appending("tmp")
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        let root = scratch.appending("ws")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: root + "/blob.bin"))
        let packed = try WorkspacePacker().pack(directory: root, excluding: [], mtime: 0, into: tmp)
        let out = scratch.appending("out")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        _ = try await GitCommand.runProgram(["tar", "-xzf", packed.file, "-C", out])
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/blob.bin")) == Data(bytes))
    }
}
