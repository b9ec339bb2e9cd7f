// swift-tools-version:6.1
import PackageDescription

// Slipway links Debian's C libraries only: no Swift package dependencies.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "slipway",
    products: [
        .executable(name: "slipway", targets: ["slipway"])
    ],
    targets: [
        // MARK: - C system libraries (one module map each; imported by exactly one Swift module)

        /// libgit2: mirrors, fetch, trees, diffs.
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        /// libcurl: provider REST APIs.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        /// SQLite: the embedded store and job queue.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        /// libyaml: PANDIUM.yaml, build templates, provider descriptors, the config file.
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        /// OpenSSL libcrypto: SHA-256, HMAC, AES-256-GCM, constant-time compare.
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        /// libmicrohttpd: the HTTP server.
        .systemLibrary(name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
        /// zlib: deterministic gzip of release archives.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - C shims (only what Swift cannot call)

        /// pipe2 and posix_spawn_file_actions_addchdir_np, hidden from Swift behind _GNU_SOURCE.
        .target(name: "CProcessShims"),
        /// MHD_start_daemon, MHD_get_daemon_info and MHD_get_connection_info, which are variadic.
        .target(name: "CMicroHTTPDShims", dependencies: ["CMicroHTTPD"]),

        // MARK: - Domain (no C, no disk, no network)

        /// Domain values and ports shared by every module: diagnostics, JSON values, build templates.
        .target(name: "Core", swiftSettings: swiftSettings),

        // MARK: - One thin wrapper per C library

        /// PANDIUM.yaml and other YAML: libyaml events -> nodes with line:column -> Manifest + diagnostics.
        .target(name: "Manifest", dependencies: ["Core", "CYAML"], swiftSettings: swiftSettings),
        /// OpenSSL: SHA-256, HMAC-SHA256, constant-time compare, secure random bytes.
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        /// Fixed-arity wrapper for git_libgit2_opts(), which is variadic (Swift cannot call C variadics).
        .target(name: "CGit2Shims", dependencies: ["CGit2"]),
        /// libgit2: shared bare mirrors, fetch, ls-remote, trees, diffs, deterministic archives of commits.
        .target(
            name: "Git", dependencies: ["Core", "Crypto", "Archive", "CGit2", "CGit2Shims"], exclude: ["README.md"],
            swiftSettings: swiftSettings),
        /// The store and durable job queue on SQLite: connection, statements, migrations, the pipeline's records.
        .target(name: "Database", dependencies: ["Core", "CSQLite"], swiftSettings: swiftSettings),

        /// Child processes in their own process group: environment, timeout, output lines with timestamps.
        .target(name: "Processes", dependencies: ["Core", "CProcessShims"], swiftSettings: swiftSettings),

        /// Deterministic archives: ustar with PAX headers, gzip through zlib.
        .target(name: "Archive", dependencies: ["CZlib"], swiftSettings: swiftSettings),

        /// libmicrohttpd: the HTTP server adapter (MHDServer), with the pure Swift router and middleware it serves.
        .target(
            name: "HTTPServer", dependencies: ["Core", "CMicroHTTPDShims"], exclude: ["README.md"],
            swiftSettings: swiftSettings),

        // MARK: - Features

        /// Secrets by reference: environment, files, and values sealed with the master key in the store.
        .target(name: "Secrets", dependencies: ["Core", "Crypto"], swiftSettings: swiftSettings),
        /// `slipway.yaml`: the server's settings, connections and integrations, with file:line:column errors.
        .target(name: "Configuration", dependencies: ["Core", "Manifest"], swiftSettings: swiftSettings),

        /// The content-addressed artifact store and the packing of built workspaces.
        .target(
            name: "Artifacts", dependencies: ["Core", "Archive", "Crypto"], swiftSettings: swiftSettings),

        /// Provider descriptors (providers/*.yaml) and transport-free webhook verification and push-payload parsing.
        .target(name: "Providers", dependencies: ["Core", "Crypto", "Manifest"], swiftSettings: swiftSettings),

        /// The release pipeline: intake → fetch → detect → validate → build → store → publish, as durable jobs.
        .target(name: "Pipeline", dependencies: ["Core", "Manifest", "Crypto"], swiftSettings: swiftSettings),

        /// The admin API (/v2), the webhook intake (/hooks), health, metrics and the OpenAPI document.
        .target(
            name: "AdminAPI", dependencies: ["Core", "Crypto", "HTTPServer", "Pipeline", "Providers"],
            swiftSettings: swiftSettings),

        // MARK: - Composition root and entry point

        /// The CLI: argument parsing, `validate`, and the wiring of concrete types.
        .target(
            name: "Commands",
            dependencies: [
                "Core", "Manifest", "Database", "Git", "Artifacts", "Processes", "Pipeline", "Secrets", "Configuration",
                "Providers", "HTTPServer", "AdminAPI",
            ],
            swiftSettings: swiftSettings),
        /// The `slipway` executable: a few lines that hand over to Commands.
        .executableTarget(name: "slipway", dependencies: ["Commands"], swiftSettings: swiftSettings),
        /// Drives the Git module directly for `make bench` (bench/git.sh), until the CLI grows the same commands.
        .executableTarget(
            name: "GitBench", dependencies: ["Core", "Git"], path: "bench/GitBench", swiftSettings: swiftSettings),
        /// Benchmark driver for bench/pipeline.sh: push-to-release latency and the memory of many integrations.
        .executableTarget(
            name: "PipelineBench", dependencies: ["Commands", "Core", "Database", "Manifest", "Pipeline"],
            path: "bench/PipelineBench", swiftSettings: swiftSettings),

        // MARK: - Tests

        /// Test helpers: temporary directories, fixture repositories, git daemon and smart-HTTP servers on loopback.
        .target(name: "TestSupport", dependencies: ["Core"], swiftSettings: swiftSettings),
        .testTarget(name: "CoreTests", dependencies: ["Core"], swiftSettings: swiftSettings),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: swiftSettings),
        .testTarget(
            name: "GitTests", dependencies: ["Git", "Core", "Crypto", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ManifestTests", dependencies: ["Manifest", "Core"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Core", "Database", "Git", "Artifacts", "Processes", "Manifest", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ArtifactsTests", dependencies: ["Artifacts", "Core", "Crypto", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Core"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SecretsTests", dependencies: ["Secrets", "Core", "Crypto", "Database", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ProvidersTests", dependencies: ["Providers", "Core", "Crypto", "Manifest"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "AdminAPITests",
            dependencies: [
                "AdminAPI", "Core", "Crypto", "Database", "Git", "HTTPServer", "Artifacts", "Processes", "Manifest",
                "Pipeline", "Providers", "Secrets", "TestSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(name: "ProcessesTests", dependencies: ["Processes", "Core"], swiftSettings: swiftSettings),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "Core", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "CommandsTests",
            dependencies: ["Commands", "Configuration", "Core", "slipway", "Database", "Artifacts", "TestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DatabaseTests", dependencies: ["Database", "Core", "DatabaseCrashHelper"],
            swiftSettings: swiftSettings),
        /// Test-only: opens a store, dies by SIGKILL in the middle of a write transaction (DatabaseTests).
        .executableTarget(
            name: "DatabaseCrashHelper", dependencies: ["Database", "Core"], path: "Tests/DatabaseCrashHelper",
            swiftSettings: swiftSettings),
    ]
)
