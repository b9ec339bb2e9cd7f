internal import CGit2
import Core

/// Owns a `git_remote*`. Remotes are always anonymous (created from a URL, never saved in a repository's
/// config), so no URL is ever written to a mirror's config; credentials come from the session's callback only.
final class Remote {
    let handle: OpaquePointer

    private init(_ handle: OpaquePointer) { self.handle = handle }
    deinit { git_remote_free(handle) }

    /// A remote bound to `repository`, for fetching into it; `url.*.insteadOf` rewriting is off.
    static func anonymous(in repository: Repository, url: String) throws(LibGit2Failure) -> Remote {
        var options = git_remote_create_options()
        git_remote_create_options_init(&options, UInt32(GIT_REMOTE_CREATE_OPTIONS_VERSION))
        options.repository = repository.handle
        options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF.rawValue
        var raw: OpaquePointer?
        try check("git_remote_create_with_opts") { git_remote_create_with_opts(&raw, url, &options) }
        return Remote(raw!)
    }

    /// A remote with no repository, for listing heads.
    static func detached(url: String) throws(LibGit2Failure) -> Remote {
        _ = libgit2Ready
        var raw: OpaquePointer?
        try check("git_remote_create_detached") { git_remote_create_detached(&raw, url) }
        return Remote(raw!)
    }

    /// Connects for fetching; the server's ref advertisement is then available through ``advertisedHeads()``.
    func connect(_ session: TransferSession) throws(LibGit2Failure) {
        var callbacks = session.callbacks()
        defer { withExtendedLifetime(session) {} }
        try check("git_remote_connect") { git_remote_connect(handle, GIT_DIRECTION_FETCH, &callbacks, nil, nil) }
    }

    func disconnect() { _ = git_remote_disconnect(handle) }

    /// The refs the server advertised on connect.
    func advertisedHeads() throws(LibGit2Failure) -> [RemoteHead] {
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check("git_remote_ls") { git_remote_ls(&heads, &count, handle) }
        var result: [RemoteHead] = []
        for index in 0..<count {
            guard let head = heads?[index]?.pointee, let name = head.name else { continue }
            result.append(
                RemoteHead(
                    name: cString(name), id: ObjectID(head.oid), symbolicTarget: head.symref_target.map { cString($0) }
                ))
        }
        return result
    }

    /// Fetches `refspecs` (forced, explicit), pruning refs they cover that the server no longer has; never
    /// writes FETCH_HEAD. Returns objects and bytes received.
    func fetch(refspecs: [String], session: TransferSession) throws(LibGit2Failure) -> (objects: Int, bytes: Int) {
        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.callbacks = session.callbacks()
        options.prune = GIT_FETCH_PRUNE
        options.update_fetchhead = 0
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        defer { withExtendedLifetime(session) {} }
        let code = withStrArray(refspecs) { array in
            git_remote_fetch(handle, array, &options, "slipway: fetch")
        }
        try check("git_remote_fetch") { code }
        guard let stats = git_remote_stats(handle)?.pointee else { return (0, 0) }
        return (Int(stats.received_objects), Int(stats.received_bytes))
    }
}

@available(*, unavailable)
extension Remote: Sendable {}
