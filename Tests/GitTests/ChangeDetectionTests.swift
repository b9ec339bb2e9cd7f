import Core
import Foundation
import Git
import TestSupport
import Testing

@Suite("Trees, inputs digests and changed files")
struct ChangeDetectionTests {
    private struct World {
        let harness: Harness
        let origin: FixtureRepository
        let daemon: GitDaemon
        let remote: RemoteURL

        func fetch() async throws -> FetchResult {
            try await harness.store.fetch(FetchRequest(remote: remote, branches: ["main"]))
        }

        func digest(
            at commit: String, includes: [String] = ["shared/lib"], manifest: String = "version: 1.0\n",
            template: Int = 1, builder: String = "0.1.0"
        ) async throws -> InputsDigest {
            try await harness.store.inputsDigest(
                InputsDigestRequest(
                    commit: ObjectID(commit), integrationPath: try RepositoryPath("integrations/billing"),
                    includes: try includes.map(RepositoryPath.init), manifest: Array(manifest.utf8),
                    templateName: "node", templateVersion: template, builderVersion: builder),
                in: remote)
        }
    }

    private func world() async throws -> (World, String) {
        let harness = try Harness()
        let origin = try await harness.origin()
        let head = try await origin.commit([
            "integrations/billing/PANDIUM.yaml": .file("version: 1.0\n"),
            "integrations/billing/index.js": .file("console.log(1)\n"),
            "integrations/crm/PANDIUM.yaml": .file("version: 1.0\n"),
            "shared/lib/util.js": .file("exports.x = 1\n"),
        ])
        let daemon = try await harness.daemon()
        let world = World(
            harness: harness, origin: origin, daemon: daemon, remote: try RemoteURL(daemon.url("repo.git")))
        _ = try await world.fetch()
        return (world, head)
    }

    @Test("a push touching only another folder leaves the digest unchanged; an include or the integration changes it")
    func digestFollowsInputs() async throws {
        let (world, first) = try await world()
        let base = try await world.digest(at: first)
        #expect(base.value.hasPrefix("sha256:") && base.value.count == 71)
        #expect(base.integration.id == ObjectID(try await world.origin.revParse("\(first):integrations/billing")))

        let other = try await world.origin.commit([
            "integrations/crm/index.js": .file("x\n"), "README.md": .file("hi\n"),
        ])
        _ = try await world.fetch()
        #expect(try await world.digest(at: other).value == base.value)

        let include = try await world.origin.commit(["shared/lib/util.js": .file("exports.x = 2\n")])
        _ = try await world.fetch()
        let afterInclude = try await world.digest(at: include)
        #expect(afterInclude.value != base.value)

        let own = try await world.origin.commit(["integrations/billing/index.js": .file("console.log(2)\n")])
        _ = try await world.fetch()
        #expect(try await world.digest(at: own).value != afterInclude.value)

        // Changed files between the pushes, restricted to the integration's inputs.
        let changes = try await world.harness.store.changedFiles(
            from: ObjectID(first), to: ObjectID(own),
            below: [try RepositoryPath("integrations/billing"), try RepositoryPath("shared/lib")], in: world.remote)
        #expect(
            changes.map(\.description) == ["modified integrations/billing/index.js", "modified shared/lib/util.js"])
        let none = try await world.harness.store.changedFiles(
            from: ObjectID(first), to: ObjectID(other), below: [try RepositoryPath("integrations/billing")],
            in: world.remote)
        #expect(none.isEmpty)
    }

    @Test("manifest bytes, template version and builder version are part of the digest")
    func digestParameters() async throws {
        let (world, head) = try await world()
        let base = try await world.digest(at: head).value
        #expect(try await world.digest(at: head, manifest: "version: 1.0\n# comment\n").value != base)
        #expect(try await world.digest(at: head, template: 2).value != base)
        #expect(try await world.digest(at: head, builder: "0.2.0").value != base)
        #expect(try await world.digest(at: head, includes: ["shared/lib", "shared/lib/"]).value == base)
    }

    @Test("a missing include is encoded as missing; creating it changes the digest")
    func missingInclude() async throws {
        let (world, head) = try await world()
        let withMissing = try await world.digest(at: head, includes: ["shared/lib", "shared/extra"])
        #expect(withMissing.includes.map(\.kind) == [nil, .tree])
        #expect(withMissing.value != (try await world.digest(at: head)).value)
        let created = try await world.origin.commit(["shared/extra/a.txt": .file("a\n")])
        _ = try await world.fetch()
        #expect(
            try await world.digest(at: created, includes: ["shared/lib", "shared/extra"]).value != withMissing.value)
    }

    @Test("a missing integration path is an error naming the path and the commit")
    func missingIntegration() async throws {
        let (world, head) = try await world()
        let removed = try await world.origin.commit([
            "integrations/billing/PANDIUM.yaml": .delete, "integrations/billing/index.js": .delete,
        ])
        _ = try await world.fetch()
        let error = await gitError { try await world.digest(at: removed) }
        #expect(error?.code == .pathNotFound)
        #expect(error?.message.contains("integrations/billing") == true)
        #expect(error?.message.contains(String(removed.prefix(7))) == true)
        // The deletion shows up as changed files.
        let changes = try await world.harness.store.changedFiles(
            from: ObjectID(head), to: ObjectID(removed), below: [try RepositoryPath("integrations/billing")],
            in: world.remote)
        #expect(changes.map(\.change) == [.deleted, .deleted])
    }

    @Test("changes across a force-push are computed between the old and the rewritten commit")
    func forcePushChanges() async throws {
        let (world, first) = try await world()
        let second = try await world.origin.commit(["integrations/billing/index.js": .file("v2\n")])
        _ = try await world.fetch()
        let rewritten = try await world.origin.commit(["shared/lib/new.js": .file("n\n")], parent: first)
        let result = try await world.fetch()
        #expect(result.updates.first?.kind == .forced)
        let changes = try await world.harness.store.changedFiles(
            from: ObjectID(second), to: ObjectID(rewritten), below: [], in: world.remote)
        #expect(changes.map(\.description) == ["modified integrations/billing/index.js", "added shared/lib/new.js"])
    }

    @Test("commits, entries and files are read from the mirror; bad names give clear errors")
    func queries() async throws {
        let (world, head) = try await world()
        try await world.origin.tag("v1.0", at: head)
        _ = try await world.harness.store.fetch(FetchRequest(remote: world.remote, branches: ["main"]))
        let store = world.harness.store
        #expect(try await store.commit(for: "main", in: world.remote).id == ObjectID(head))
        #expect(try await store.commit(for: "refs/tags/v1.0", in: world.remote).id == ObjectID(head))
        #expect(try await store.commit(for: "v1.0", in: world.remote).committerTime == 1_700_000_001)
        #expect(await gitError { try await store.commit(for: "nope", in: world.remote) }?.code == .refNotFound)
        let absent = String(repeating: "ab", count: 20)
        #expect(await gitError { try await store.commit(for: absent, in: world.remote) }?.code == .objectNotFound)

        let entry = try await store.treeEntry(
            at: try RepositoryPath("shared/lib"), commit: ObjectID(head), in: world.remote)
        #expect(entry?.kind == .tree)
        #expect(entry?.id == ObjectID(try await world.origin.revParse("\(head):shared/lib")))
        #expect(
            try await store.treeEntry(at: try RepositoryPath("shared/none"), commit: ObjectID(head), in: world.remote)
                == nil)

        let manifest = try await store.readFile(
            at: try RepositoryPath("integrations/billing/PANDIUM.yaml"), commit: ObjectID(head), in: world.remote,
            maxBytes: 1 << 20)
        #expect(String(decoding: manifest, as: UTF8.self) == "version: 1.0\n")
        let directory = await gitError {
            try await store.readFile(
                at: try RepositoryPath("shared"), commit: ObjectID(head), in: world.remote, maxBytes: 10)
        }
        #expect(directory?.code == .notAFile)
        let tooBig = await gitError {
            try await store.readFile(
                at: try RepositoryPath("integrations/billing/PANDIUM.yaml"), commit: ObjectID(head), in: world.remote,
                maxBytes: 4)
        }
        #expect(tooBig?.code == .limitExceeded)

        let unknown = try RemoteURL("git://127.0.0.1:1/unknown.git")
        #expect(await gitError { try await store.commit(for: "main", in: unknown) }?.code == .notMirrored)
    }
}
