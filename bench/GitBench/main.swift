// Drives the Git module for bench/git.sh: one operation per process, like the git commands it is compared with.
//
//   GitBench clone     <url> <data-dir> <branch>
//   GitBench fetch     <url> <data-dir> <branch>
//   GitBench ls-remote <url>
//   GitBench archive   <url> <data-dir> <ref> <folder> <out-dir>
import Core
import Foundation
import Git

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("GitBench: " + message + "\n").utf8))
    exit(1)
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let command = arguments.first else {
    fail("usage: GitBench clone|fetch|ls-remote|archive …")
}

func store(_ dataDirectory: String) -> MirrorStore {
    MirrorStore(
        configuration: .init(
            dataDirectory: dataDirectory, maxConcurrentFetches: 1, pool: BlockingPool(threads: 2, name: "bench"),
            logger: .disabled))
}

do {
    switch (command, arguments.count) {
    case ("clone", 4), ("fetch", 4):
        let remote = try RemoteURL(arguments[1])
        let result = try await store(arguments[2]).fetch(
            FetchRequest(remote: remote, branches: [arguments[3]], includeTags: false))
        if command == "clone" && !result.createdMirror { fail("clone found an existing mirror in \(arguments[2])") }
        print(
            "objects=\(result.receivedObjects) bytes=\(result.receivedBytes) head=\(result.head(ofBranch: arguments[3])?.hex ?? "-")"
        )
    case ("ls-remote", 2):
        let remote = try RemoteURL(arguments[1])
        let heads = try await store(NSTemporaryDirectory()).remoteHeads(
            of: remote, credentials: .anonymous, transfer: TransferOptions())
        for head in heads { print(head) }
    case ("archive", 6):
        let remote = try RemoteURL(arguments[1])
        let mirrors = store(arguments[2])
        let commit = try await mirrors.commit(for: arguments[3], in: remote)
        let result = try await mirrors.exportArchive(
            ExportRequest(commit: commit.id, root: try RepositoryPath(arguments[4])), in: remote,
            temporaryDirectory: arguments[5])
        print("file=\(result.file) size=\(result.size) digest=\(result.digest) files=\(result.summary.files)")
    default:
        fail("unknown command or wrong arguments: \(arguments.joined(separator: " "))")
    }
} catch {
    fail("\(error)")
}
