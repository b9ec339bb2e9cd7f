internal import CGit2
import Core
import Foundation

extension TransferSession {
    /// Turns whatever a transfer threw into a ``GitError`` that names the repository (never the credentials),
    /// using what the callbacks saw (abort reason, rejected or missing credentials) before libgit2's message.
    func gitError(_ error: any Error, doing action: String) -> GitError {
        if let error = error as? GitError { return error }
        let url = remote.redacted
        let cause = error as? LibGit2Failure
        switch abortReason {
        case .stalled:
            return GitError(
                .stalled,
                "\(action) \(url) received nothing for \(stallTimeout.wholeSeconds) s and was aborted: the server "
                    + "or the network is stuck. It is retried later; raise the stall timeout if the server is slow",
                cause: cause)
        case .cancelled:
            return GitError(.cancelled, "\(action) \(url) was cancelled", cause: cause)
        case nil:
            break
        }
        if error is CancellationError { return GitError(.cancelled, "\(action) \(url) was cancelled") }
        if credentialsRejected {
            return GitError(
                .authentication,
                "\(url) rejected the credentials (\(credentials)) while \(action.lowercased()) it; check that the "
                    + "token or key is valid, not expired, and allowed to read the repository",
                cause: cause)
        }
        if credentialsMissing {
            return GitError(
                .authentication,
                "\(url) requires authentication and no credentials are configured; add a token or an SSH key to "
                    + "the connection",
                cause: cause)
        }
        if let problem = credentialProblem {
            return GitError(.authentication, "\(action) \(url) failed: \(problem)", cause: cause)
        }
        guard let failure = cause else {
            return GitError(.library, "\(action) \(url) failed: \(error)")
        }
        return failure.asGitError(action: action, url: url)
    }
}

extension LibGit2Failure {
    /// Classifies a libgit2 failure of a network operation.
    func asGitError(action: String, url: String) -> GitError {
        if code == GIT_EAUTH.rawValue {
            return GitError(
                .authentication,
                "\(action) \(url) failed to authenticate: \(message); check the connection's credentials", cause: self)
        }
        if code == GIT_ECERTIFICATE.rawValue {
            return GitError(
                .network,
                "\(action) \(url) failed: the server's TLS certificate is not trusted (\(message)); install the "
                    + "CA certificate on this host", cause: self)
        }
        let lowered = message.lowercased()
        let notFoundHints = [
            "404", "not found", "not exported", "no such repository", "does not appear to be a git repository",
            "repository not found",
        ]
        if notFoundHints.contains(where: { lowered.contains($0) }) {
            return GitError(
                .repositoryNotFound,
                "\(url) does not exist or is not readable with these credentials (\(message)); check the URL",
                cause: self)
        }
        let networkClasses: [git_error_t] = [GIT_ERROR_NET, GIT_ERROR_HTTP, GIT_ERROR_SSH, GIT_ERROR_SSL, GIT_ERROR_OS]
        if networkClasses.contains(where: hasClass) || code == GIT_EEOF.rawValue {
            return GitError(
                .network,
                "\(action) \(url) failed: \(message); check the URL and that the server is reachable. It is retried "
                    + "later", cause: self)
        }
        if looksLikeCorruption {
            return GitError(.corruptMirror, "\(action) \(url) failed on damaged local data: \(message)", cause: self)
        }
        return GitError(.library, "\(action) \(url) failed: \(message)", cause: self)
    }
}

extension Duration {
    var wholeSeconds: String {
        let seconds = inSeconds
        return seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}

/// Refuses SSH work on a libgit2 built without libssh2, and unusable key files, before connecting.
func checkSSHSupport(remote: RemoteURL, credentials: GitCredentials) throws(GitError) {
    var usesSSH = remote.scheme == .ssh
    if case .sshKey(let key) = credentials {
        usesSSH = true
        if case .file(let path) = key.privateKey, !FileManager.default.isReadableFile(atPath: path) {
            throw GitError(
                .invalidArgument,
                "the SSH private key file '\(path)' does not exist or is not readable by Slipway; "
                    + "check the path and its permissions")
        }
    }
    if usesSSH && !libgit2SupportsSSH {
        throw GitError(
            .unsupported,
            "\(remote.redacted) needs SSH, but this libgit2 was built without SSH support (libssh2); "
                + "use an HTTPS URL with a token, or install a libgit2 built with SSH")
    }
}
