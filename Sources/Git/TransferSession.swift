internal import CGit2
import Core
import Glibc
import Synchronization

/// Shared state of one network operation (a fetch or an ls-remote): the payload of every libgit2 callback, the
/// credential attempt counter, progress fan-out, and the stall/cancel watchdog's view of the work.
///
/// The work runs on a blocking-pool thread; callbacks run on that thread; the watchdog has a thread of its own.
/// mutable is behind one `Mutex`. libgit2 gets `Unmanaged.passUnretained(self)` as payload: the session outlives
/// every C call because the running job holds it.
final class TransferSession: Sendable {
    enum AbortReason: Sendable, Equatable {
        case stalled
        case cancelled
    }

    struct RefChange: Sendable {
        var name: String
        var old: ObjectID?
        var new: ObjectID?
    }

    private struct State {
        var thread: pthread_t?
        var started = false
        var finished = false
        var lastActivity = ContinuousClock.now
        var abortReason: AbortReason?
        var credentialAttempts = 0
        var credentialsRejected = false
        var credentialsMissing = false
        var credentialProblem: String?
        var progress = GitProgress(phase: .connecting)
        var lastReport: ContinuousClock.Instant?
        var nextHandlerID = 0
        var progressHandlers: [Int: @Sendable (GitProgress) -> Void] = [:]
        var refChanges: [RefChange] = []
    }

    let remote: RemoteURL
    let credentials: GitCredentials
    let stallTimeout: Duration
    private let state = Mutex(State())

    init(remote: RemoteURL, credentials: GitCredentials, stallTimeout: Duration) {
        self.remote = remote
        self.credentials = credentials
        self.stallTimeout = stallTimeout
    }

    // MARK: Observers

    var abortReason: AbortReason? { state.withLock { $0.abortReason } }
    var credentialsRejected: Bool { state.withLock { $0.credentialsRejected } }
    var credentialsMissing: Bool { state.withLock { $0.credentialsMissing } }
    var credentialProblem: String? { state.withLock { $0.credentialProblem } }
    var refChanges: [RefChange] { state.withLock { $0.refChanges } }
    var credentialAttempts: Int { state.withLock { $0.credentialAttempts } }

    func resetRefChanges() { state.withLock { $0.refChanges = [] } }

    @discardableResult
    func addProgressHandler(_ handler: @escaping @Sendable (GitProgress) -> Void) -> Int {
        state.withLock { state in
            state.nextHandlerID += 1
            state.progressHandlers[state.nextHandlerID] = handler
            return state.nextHandlerID
        }
    }

    func removeProgressHandler(_ id: Int) {
        _ = state.withLock { $0.progressHandlers.removeValue(forKey: id) }
    }

    // MARK: Lifecycle and watchdog

    /// Aborts the work: callbacks fail from now on and a blocked system call in the work's thread is interrupted.
    func abort(_ reason: AbortReason) {
        state.withLock { state in
            if state.abortReason == nil { state.abortReason = reason }
            if let thread = state.thread { ThreadInterrupter.interrupt(thread) }
        }
    }

    /// Runs `work` on the current (pool) thread, registered so that the watchdog can interrupt it.
    func attach<T>(_ work: () throws -> T) throws -> T {
        let previousMask = ThreadInterrupter.acceptInterrupts()
        defer { ThreadInterrupter.restore(previousMask) }
        state.withLock { state in
            state.thread = ThreadInterrupter.currentThread()
            state.started = true
            state.lastActivity = .now
        }
        defer {
            // Under the lock, so that no interrupt can reach this thread once the work is over.
            state.withLock { state in
                state.thread = nil
                state.finished = true
            }
        }
        if abortReason == .cancelled { throw CancellationError() }
        return try work()
    }

    /// One watchdog look: marks the work stalled when quiet for too long and (re)interrupts aborted work.
    func watchdogTick() {
        state.withLock { state in
            guard state.started, !state.finished else { return }
            if state.abortReason == nil, ContinuousClock.now - state.lastActivity > stallTimeout {
                state.abortReason = .stalled
            }
            // Repeated on every tick: a signal that lands outside a system call changes nothing.
            if state.abortReason != nil, let thread = state.thread { ThreadInterrupter.interrupt(thread) }
        }
    }

    /// Runs `work` on `pool` under this session, watched by ``TransferWatchdog`` for the stall timeout.
    func run<T: Sendable>(on pool: BlockingPool, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.run { [self] in
            TransferWatchdog.shared.watch(self)
            defer { TransferWatchdog.shared.forget(self) }
            return try attach(work)
        }
    }

    // MARK: libgit2 callbacks (on the work's thread)

    /// Every callback counts as activity; returns the code the callback hands back to libgit2.
    fileprivate func noteActivity() -> Int32 {
        state.withLock { state in
            state.lastActivity = .now
            return state.abortReason == nil ? 0 : GIT_EUSER.rawValue
        }
    }

    fileprivate func transferProgress(_ stats: git_indexer_progress) -> Int32 {
        let now = ContinuousClock.now
        let (code, report, handlers) = state.withLock {
            state -> (Int32, GitProgress?, [@Sendable (GitProgress) -> Void]) in
            state.lastActivity = now
            let received = Int(stats.received_objects)
            let total = Int(stats.total_objects)
            let phase: GitProgress.Phase =
                received < total
                ? .receiving : (stats.indexed_deltas < stats.total_deltas ? .resolving : .done)
            let progress = GitProgress(
                phase: phase, receivedObjects: received, totalObjects: total,
                indexedObjects: Int(stats.indexed_objects), receivedBytes: Int(stats.received_bytes),
                indexedDeltas: Int(stats.indexed_deltas), totalDeltas: Int(stats.total_deltas))
            let due =
                progress.phase != state.progress.phase
                || state.lastReport.map { now - $0 >= .milliseconds(100) } ?? true
            state.progress = progress
            let code = state.abortReason == nil ? 0 : GIT_EUSER.rawValue
            guard due, !state.progressHandlers.isEmpty else { return (code, nil, []) }
            state.lastReport = now
            return (code, progress, Array(state.progressHandlers.values))
        }
        if let report { for handler in handlers { handler(report) } }
        return code
    }

    fileprivate func tipUpdated(name: String, old: git_oid, new: git_oid) -> Int32 {
        let oldID = ObjectID(old)
        let newID = ObjectID(new)
        state.withLock { state in
            state.refChanges.append(
                RefChange(name: name, old: oldID.isZero ? nil : oldID, new: newID.isZero ? nil : newID))
        }
        return noteActivity()
    }

    /// Decides what to answer libgit2's credential request with. libgit2 asks again after every rejection, so
    /// the second real attempt is refused: one rejection is final.
    fileprivate func acquireCredential(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, allowedTypes: UInt32
    ) -> Int32 {
        guard noteActivity() == 0 else { return GIT_EUSER.rawValue }
        func allows(_ type: git_credential_t) -> Bool { allowedTypes & type.rawValue != 0 }
        func refuse(_ update: (inout State) -> Void, _ message: String) -> Int32 {
            state.withLock { update(&$0) }
            git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), message)
            return GIT_EAUTH.rawValue
        }
        switch credentials {
        case .anonymous:
            return refuse({ $0.credentialsMissing = true }, "the server asks for credentials and none are configured")
        case .token(let user, let token):
            guard allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT) else {
                return refuse(
                    { $0.credentialProblem = "the server does not accept a user name and token" },
                    "token credentials are not accepted by this server")
            }
            let attempt = state.withLock { state in
                state.credentialAttempts += 1
                return state.credentialAttempts
            }
            if attempt > 1 { return refuse({ $0.credentialsRejected = true }, "the server rejected the credentials") }
            return git_credential_userpass_plaintext_new(out, user, token.revealed)
        case .sshKey(let key):
            if allows(GIT_CREDENTIAL_USERNAME) && !allows(GIT_CREDENTIAL_SSH_KEY) {
                return git_credential_username_new(out, key.user)
            }
            guard allows(GIT_CREDENTIAL_SSH_KEY) || allows(GIT_CREDENTIAL_SSH_MEMORY) else {
                return refuse(
                    { $0.credentialProblem = "the server does not accept SSH keys" },
                    "SSH key credentials are not accepted by this server")
            }
            let attempt = state.withLock { state in
                state.credentialAttempts += 1
                return state.credentialAttempts
            }
            if attempt > 1 { return refuse({ $0.credentialsRejected = true }, "the server rejected the SSH key") }
            let passphrase = key.passphrase?.revealed
            switch key.privateKey {
            case .file(let path):
                return git_credential_ssh_key_new(out, key.user, key.publicKeyPath, path, passphrase)
            case .memory(let text):
                let code = git_credential_ssh_key_memory_new(out, key.user, nil, text.revealed, passphrase)
                if code < 0 {
                    state.withLock {
                        $0.credentialProblem =
                            "this libgit2 cannot use in-memory SSH keys; give the key as a file (0600) instead"
                    }
                }
                return code
            }
        }
    }

    /// The callback table for one libgit2 call; `payload` points at this session (unretained).
    func callbacks() -> git_remote_callbacks {
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        callbacks.credentials = credentialCallback
        callbacks.transfer_progress = transferProgressCallback
        callbacks.sideband_progress = sidebandCallback
        callbacks.certificate_check = certificateCallback
        callbacks.update_tips = updateTipsCallback
        return callbacks
    }
}

private func session(_ payload: UnsafeMutableRawPointer?) -> TransferSession {
    Unmanaged<TransferSession>.fromOpaque(payload!).takeUnretainedValue()
}

private let credentialCallback: git_credential_acquire_cb = { out, _, _, allowedTypes, payload in
    guard let out else { return GIT_ERROR.rawValue }
    return session(payload).acquireCredential(out, allowedTypes: allowedTypes)
}

private let transferProgressCallback: git_indexer_progress_cb = { stats, payload in
    guard let stats else { return 0 }
    return session(payload).transferProgress(stats.pointee)
}

private let sidebandCallback: git_transport_message_cb = { _, _, payload in
    session(payload).noteActivity()
}

private let certificateCallback: git_transport_certificate_check_cb = { _, _, _, payload in
    // Never accept a certificate here: GIT_PASSTHROUGH leaves the verdict to libgit2's own verification.
    session(payload).noteActivity() == 0 ? GIT_PASSTHROUGH.rawValue : GIT_EUSER.rawValue
}

private let updateTipsCallback:
    @convention(c) (
        UnsafePointer<CChar>?, UnsafePointer<git_oid>?, UnsafePointer<git_oid>?, UnsafeMutableRawPointer?
    ) -> Int32 = { name, old, new, payload in
        guard let name, let old, let new else { return 0 }
        return session(payload).tipUpdated(name: cString(name), old: old.pointee, new: new.pointee)
    }
