import Artifacts
import Core
import Crypto
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct ArtifactStoreTests {
    private func write(_ text: String, in store: FileArtifactStore) throws -> (path: String, digest: String) {
        let path = store.temporaryDirectory + "/candidate-\(UUID().uuidString)"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return (path, sha256(Array(text.utf8)).prefixed)
    }

    @Test func storingMovesTheFileUnderItsDigestReadOnly() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        let (file, digest) = try write("release bytes", in: store)
        let stored = try store.store(file: file, digest: digest)
        #expect(stored.digest == digest)
        #expect(stored.size == 13)
        #expect(stored.path == store.root + "/sha256/\(digest.dropFirst(7).prefix(2))/\(digest.dropFirst(7)).tar.gz")
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(store.contains(digest))
        let mode = try FileManager.default.attributesOfItem(atPath: stored.path)[.posixPermissions] as? Int
        #expect(mode == 0o444)
        #expect(try store.verified(digest).path == stored.path)
    }

    @Test func storingADigestTwiceKeepsOneFile() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        let first = try write("same", in: store)
        let second = try write("same", in: store)
        _ = try store.store(file: first.path, digest: first.digest)
        _ = try store.store(file: second.path, digest: second.digest)
        #expect(!FileManager.default.fileExists(atPath: second.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.temporaryDirectory).isEmpty)
    }

    @Test func aFileWhoseBytesDoNotMatchTheDigestIsRefused() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        let (file, _) = try write("one thing", in: store)
        let other = sha256(Array("another".utf8)).prefixed
        #expect {
            _ = try store.store(file: file, digest: other)
        } throws: { error in
            (error as? ArtifactError)?.code == .corrupt
        }
        #expect(!store.contains(other))
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func aCorruptArtifactIsMovedAsideAndNeverServed() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        let (file, digest) = try write("precious", in: store)
        let stored = try store.store(file: file, digest: digest)
        chmod(stored.path, 0o644)
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: stored.path))
        #expect {
            _ = try store.verified(digest)
        } throws: { error in
            guard let error = error as? ArtifactError else { return false }
            return error.code == .corrupt && error.message.contains("rebuild the release")
        }
        #expect(!store.contains(digest))
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.root + "/corrupt").count == 1)
    }

    @Test(arguments: ["sha256:zz", "md5:abc", "", "sha256:" + String(repeating: "A", count: 64)])
    func malformedDigestsAreRefused(digest: String) throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        #expect {
            _ = try store.verified(digest)
        } throws: { error in
            (error as? ArtifactError)?.code == .invalidDigest
        }
    }

    @Test func aMissingArtifactIsNotFound() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        #expect {
            _ = try store.verified(sha256(Array("never".utf8)).prefixed)
        } throws: { error in
            (error as? ArtifactError)?.code == .notFound
        }
    }

    @Test func garbageCollectionNeverRemovesReferencedArtifacts() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let store = try FileArtifactStore(root: scratch.appending("store"))
        let now = Date()
        var digests: [String] = []
        // Six artifacts, aged 10, 9, … 5 days.
        for index in 0..<6 {
            let (file, digest) = try write("artifact \(index)", in: store)
            let stored = try store.store(file: file, digest: digest)
            let age = now.addingTimeInterval(-Double(10 - index) * 86_400)
            var times = [timespec(tv_sec: Int(age.timeIntervalSince1970), tv_nsec: 0)]
            times.append(times[0])
            utimensat(AT_FDCWD, stored.path, times, 0)
            digests.append(digest)
        }
        // A young one: inside the grace period.
        let young = try write("young", in: store)
        _ = try store.store(file: young.path, digest: young.digest)

        let referenced: Set = [digests[0], digests[1]]
        let report = try store.collectGarbage(
            referenced: referenced, minimumAge: .seconds(86_400), keepUnreferenced: 2, now: now)
        // Unreferenced and old: 2…5; the two newest of them (4, 5) are kept, 2 and 3 go.
        #expect(report.removed == [digests[2], digests[3]].sorted())
        #expect(report.keptReferenced == 2)
        #expect(report.keptUnreferenced == 3)
        #expect(report.freedBytes == 20)
        for digest in referenced { #expect(store.contains(digest)) }
        #expect(store.contains(young.digest))
        #expect(!store.contains(digests[2]) && !store.contains(digests[3]))
    }

    @Test func staleTemporaryFilesOfACrashAreRemovedAtOpen() throws {
        let scratch = try TemporaryDirectory(prefix: "artifacts")
        let root = scratch.appending("store")
        let store = try FileArtifactStore(root: root)
        let (stale, _) = try write("half written", in: store)
        let (fresh, _) = try write("being written", in: store)
        let old = Date().addingTimeInterval(-7_200)
        var times = [timespec(tv_sec: Int(old.timeIntervalSince1970), tv_nsec: 0)]
        times.append(times[0])
        utimensat(AT_FDCWD, stale, times, 0)
        _ = try FileArtifactStore(root: root)
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh))
    }
}
