import Core
import Crypto
import Foundation
import Manifest

/// validate → build → store → publish, for one queued build: the manifest is validated before any
/// command runs; the integration's folder (and includes) is materialized from the object database into a
/// fresh workspace; the build command runs there with a scrubbed environment; the workspace becomes a
/// deterministic artifact stored by digest; the release is published in one transaction.
///
/// Every step may be repeated after a crash: a new attempt gets a new workspace, the artifact store keeps
/// one file per digest, and publishing a build twice returns the same release.
struct BuildStage {
    let parts: PipelineParts
    let settings: PipelineSettings
    let validator: ManifestValidator

    /// A failure that ends the build (no retry): the reason, the diagnostics, and whether it is the
    /// manifest's fault.
    struct Stop: Error {
        var reason: String
        var diagnostics: [Diagnostic] = []
        var validation = false
    }

    func run(_ job: Job) async throws {
        guard let buildID = job.payload["build_id"]?.numberValue.map({ Int64($0) }) else { return }
        let build = try parts.store.startBuild(id: buildID, now: parts.now())
        guard !build.status.isFinished, let integration = try parts.store.integration(id: build.integrationID),
            let repositoryID = integration.repositoryID, let repository = try parts.store.repository(id: repositoryID)
        else { return }
        let log = BuildLog(store: parts.store, buildID: build.id, now: parts.now, observer: parts.observer)
        let buildStarted = ContinuousClock.now
        let workspace = settings.workDirectory + "/build-\(build.id)-\(build.attempts)"
        defer {
            // Removing a large workspace takes a while: off the caller's thread, not awaited.
            let pool = parts.pool
            Task { _ = try? await pool.run { try? FileManager.default.removeItem(atPath: workspace) } }
        }
        log.note(
            "build \(build.id) of \(integration.name): \(Intake.describe(build.ref)) at \(build.commitSHA.prefix(12)), "
                + "attempt \(build.attempts)")
        do {
            var context = try BuildContext(build: build, integration: integration, repository: repository)
            let manifest = try await validate(&context, log: log)
            let template = try await checkToolchain(manifest, log: log)
            try await materialize(context, into: workspace, log: log)
            try await runBuildCommand(manifest, template: template, context: context, workspace: workspace, log: log)
            let release = try await storeAndPublish(
                manifest, template: template, context: context, workspace: workspace, log: log)
            log.note("release \(release.number) (\(release.name)) published: \(release.artifactDigest)")
            try log.flush()
            parts.observer?.buildFinished(
                buildID: build.id, status: .succeeded, duration: ContinuousClock.now - buildStarted)
            parts.log.info(
                "release published",
                [("integration", integration.name), ("release", release.name), ("artifact", release.artifactDigest)])
        } catch let stop as Stop {
            log.note("build failed: \(stop.reason)")
            try log.flush()
            try parts.store.failBuild(
                id: build.id, failure: stop.reason, diagnostics: stop.diagnostics, validation: stop.validation,
                now: parts.now())
            parts.observer?.buildFinished(
                buildID: build.id, status: .failed, duration: ContinuousClock.now - buildStarted)
            parts.log.info(
                "build failed",
                [("integration", integration.name), ("build", String(build.id)), ("reason", stop.reason)])
        } catch {
            log.note("attempt \(build.attempts) stopped: \(error)")
            try? log.flush()
            throw error
        }
    }

    /// Called when the queue gives a build job up (its attempts are spent): the build fails with the reason.
    func gaveUp(_ job: Job, error: String) throws {
        guard let buildID = job.payload["build_id"]?.numberValue.map({ Int64($0) }),
            let build = try parts.store.build(id: buildID), !build.status.isFinished
        else { return }
        let reason = "gave up after \(job.attempts) attempts: \(error)"
        try parts.store.appendBuildLog(
            buildID: buildID, lines: [LogLine(at: parts.now(), stream: .slipway, text: reason)])
        try parts.store.failBuild(id: buildID, failure: reason, diagnostics: [], validation: false, now: parts.now())
    }

    // MARK: Steps

    private func validate(_ context: inout BuildContext, log: BuildLog) async throws -> Manifest {
        let file = try context.folder.appending(context.manifestFile)
        let bytes: [UInt8]
        do {
            bytes = try await parts.git.readFile(
                at: file, commit: context.commit, in: context.remote, maxBytes: settings.maxManifestBytes)
        } catch let error as GitError where error.code == .pathNotFound || error.code == .notAFile {
            let message =
                "no \(context.manifestFile) in \(context.folder) at \(context.commit.abbreviated); add one, or fix the integration's repository_path"
            throw Stop(
                reason: message, diagnostics: [Diagnostic(.error, at: .start, path: "", message)], validation: true)
        } catch let error as GitError where error.code == .limitExceeded {
            throw Stop(
                reason: error.message, diagnostics: [Diagnostic(.error, at: .start, path: "", error.message)],
                validation: true)
        }
        context.manifestDigest = sha256(bytes).prefixed
        let report = validator.validate(SourceText(bytes))
        for diagnostic in report.diagnostics {
            log.note("\(file.value):\(diagnostic.location): \(diagnostic.severity): \(diagnostic.message)")
        }
        guard let manifest = report.manifest else {
            let errors = report.diagnostics.filter { $0.severity == .error }
            let first = errors.first.map { "\(file.value):\($0.location): \($0.message)" } ?? ""
            throw Stop(
                reason:
                    "\(file.value) is invalid (\(errors.count) error\(errors.count == 1 ? "" : "s")); first: \(first)",
                diagnostics: report.diagnostics, validation: true)
        }
        log.note("\(file.value) is valid: base \(manifest.base.raw), version \(manifest.version.rawValue)")
        return manifest
    }

    private func checkToolchain(_ manifest: Manifest, log: BuildLog) async throws -> BuildTemplate {
        guard let template = validator.templates.template(forRuntime: manifest.base.runtime) else {
            throw Stop(reason: "no build template serves runtime \(manifest.base.runtime)", validation: true)
        }
        guard let check = template.toolchain else { return template }
        // The probe runs the toolchain's version command: blocking work, kept off the cooperative pool.
        let toolchains = parts.toolchains
        switch try await parts.pool.run({ toolchains.status(of: check) }) {
        case .missing(let reason):
            throw Stop(
                reason: "the \(template.name) toolchain is missing on this host: the manifest asks for "
                    + "`base: \(manifest.base.raw)` and `\(check.command.joined(separator: " "))` failed (\(reason)); "
                    + "install \(manifest.base.version.map { "\(template.name) \($0)" } ?? template.name) on the build host"
            )
        case .found(let version):
            log.note("toolchain: \(template.name) \(version) (template \(template.name) v\(template.templateVersion))")
        case .notChecked:
            break
        }
        return template
    }

    private func materialize(_ context: BuildContext, into workspace: String, log: BuildLog) async throws {
        try? FileManager.default.removeItem(atPath: workspace)
        try FileManager.default.createDirectory(
            atPath: (workspace as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let request = ExportRequest(
            commit: context.commit, root: context.folder, includes: context.includes, limits: settings.exportLimits)
        do {
            let summary = try await parts.git.materialize(request, in: context.remote, into: workspace)
            log.note(
                "workspace: \(summary.files) files, \(summary.totalFileBytes) bytes from \(context.commit.abbreviated)"
                    + (summary.missingIncludes.isEmpty
                        ? "" : "; missing includes: \(summary.missingIncludes.map(\.value))")
                    + (summary.submodules.isEmpty ? "" : "; submodules not followed: \(summary.submodules.map(\.path))")
            )
        } catch let error as GitError where error.code == .unsafeContent || error.code == .limitExceeded {
            throw Stop(reason: error.message)
        }
    }

    private func runBuildCommand(
        _ manifest: Manifest, template: BuildTemplate, context: BuildContext, workspace: String, log: BuildLog
    ) async throws {
        let directory = context.folder.isRoot ? workspace : workspace + "/" + context.folder.value
        try FileManager.default.createDirectory(atPath: settings.buildHome, withIntermediateDirectories: true)
        var environment = template.buildEnvironment
        environment["PATH"] = settings.buildPath
        environment["HOME"] = settings.buildHome
        environment["LANG"] = "C.UTF-8"
        environment["CI"] = "true"
        environment["SLIPWAY_BUILD_ID"] = String(context.build.id)
        environment["SLIPWAY_INTEGRATION"] = context.integration.name
        environment["SLIPWAY_REF"] = context.build.ref
        environment["SLIPWAY_COMMIT"] = context.commit.hex
        log.note("$ \(manifest.build)")
        let result = try await parts.runner.run(
            .shell(
                manifest.build, directory: directory, environment: environment, timeout: settings.buildTimeout,
                outputLimit: settings.buildOutputLimit)
        ) { line in log.append(line) }
        switch result.termination {
        case .exited(0):
            log.note("build command succeeded in \(result.duration.readable)")
        case .exited(let status):
            throw Stop(
                reason:
                    "the build command exited with status \(status) after \(result.duration.readable); see the build log"
            )
        case .signaled(let signal):
            throw Stop(reason: "the build command was killed by signal \(signal) after \(result.duration.readable)")
        case .timedOut:
            throw Stop(
                reason:
                    "the build command ran longer than \(settings.buildTimeout.readable) and was stopped (its whole process group)"
            )
        case .cancelled:
            throw CancellationError()
        }
    }

    private func storeAndPublish(
        _ manifest: Manifest, template: BuildTemplate, context: BuildContext, workspace: String, log: BuildLog
    ) async throws -> Release {
        let commit = try await parts.git.commit(for: context.commit.hex, in: context.remote)
        let excludes = template.exclude.map { pattern in
            pattern.contains("/") && !context.folder.isRoot ? context.folder.value + "/" + pattern : pattern
        }
        let (packer, artifacts) = (parts.packer, parts.artifacts)
        let (packed, stored) = try await parts.pool.run {
            let packed = try packer.pack(
                directory: workspace, excluding: excludes, mtime: commit.committerTime,
                into: artifacts.temporaryDirectory)
            return (packed, try artifacts.store(file: packed.file, digest: packed.digest))
        }
        if !packed.skipped.isEmpty { log.note("left out of the artifact (not files): \(packed.skipped)") }
        log.note("artifact \(stored.digest): \(packed.files) files, \(stored.size) bytes")
        let started = context.build.startedAt ?? parts.now()
        let provenance = Provenance.statement(
            Provenance.Facts(
                integration: context.integration.name, releaseName: "build-\(context.build.id)",
                artifactDigest: stored.digest, sourceURL: context.remote.redacted, ref: context.build.ref,
                commit: context.commit.hex, path: context.integration.path, include: context.integration.include,
                inputsDigest: context.build.inputsDigest, manifestDigest: context.manifestDigest ?? "",
                template: (template.name, template.templateVersion), builderVersion: settings.builderVersion,
                buildID: context.build.id, startedAt: started, finishedAt: parts.now()))
        return try parts.store.publish(
            NewRelease(
                buildID: context.build.id, artifactDigest: stored.digest, artifactSize: stored.size,
                manifest: manifest.json, provenance: provenance),
            now: parts.now())
    }
}

/// What every step of a build needs to know.
struct BuildContext {
    let build: Build
    let integration: Integration
    let remote: RemoteURL
    let commit: ObjectID
    let folder: RepositoryPath
    let manifestFile: String
    let includes: [RepositoryPath]
    var manifestDigest: String?

    init(build: Build, integration: Integration, repository: RepositoryRecord) throws {
        self.build = build
        self.integration = integration
        remote = try RemoteURL(repository.url)
        guard let commit = ObjectID(hex: build.commitSHA) else {
            throw BuildStage.Stop(reason: "build \(build.id) names no valid commit (\(build.commitSHA))")
        }
        self.commit = commit
        let location = integration.manifestLocation
        folder = try RepositoryPath(location.folder)
        manifestFile = location.file
        includes = try integration.include.map { try RepositoryPath($0) }
    }
}
