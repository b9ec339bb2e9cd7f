/// How Slipway authenticates to a git server when fetching. Secrets stay inside ``Redacted`` and are handed to
/// libgit2 only from its credential callback: they never appear in a URL, a mirror's config, a log or an error.
package enum GitCredentials: Sendable, Hashable, CustomStringConvertible {
    /// No credentials (public repositories, `git://`).
    case anonymous
    /// HTTP(S) basic authentication with a token as the password and a user name chosen by the provider's
    /// convention (see ``TokenUserName``).
    case token(user: String, token: Redacted<String>)
    /// An SSH private key.
    case sshKey(SSHKey)

    /// Token credentials following a provider's clone `convention` (its descriptor's `clone_user`); `provider`
    /// names it in errors.
    ///
    /// `accountName` is required where the provider wants the token owner's user name (Bitbucket Server and
    /// Data Center personal tokens, Gitea); elsewhere it is ignored.
    package static func token(
        _ token: Redacted<String>, convention: TokenUserName, provider: String, accountName: String? = nil
    ) throws(GitError) -> GitCredentials {
        switch convention {
        case .literal(let user):
            return .token(user: user, token: token)
        case .accountName:
            guard let accountName, !accountName.isEmpty else {
                throw GitError(
                    .invalidArgument,
                    "provider '\(provider)' needs the token owner's account name for cloning over HTTPS; "
                        + "set the connection's user name")
            }
            return .token(user: accountName, token: token)
        }
    }

    package var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .token(let user, _): "token for user '\(user)'"
        case .sshKey(let key): "SSH key for user '\(key.user)'"
        }
    }
}

/// Which user name goes with a token when cloning over HTTPS; each provider descriptor names its own
/// (`clone_user`).
package enum TokenUserName: Sendable, Hashable {
    /// A fixed name the provider documents (`x-access-token` for GitHub, `oauth2` for GitLab, `x-token-auth` for
    /// Bitbucket Cloud); for Azure DevOps any non-empty name works and Slipway sends `slipway`.
    case literal(String)
    /// The token owner's account name (Bitbucket Server personal tokens, Gitea).
    case accountName
}

/// An SSH private key for fetching over `ssh://` or `user@host:path`.
package struct SSHKey: Sendable, Hashable {
    /// Where the private key comes from.
    package enum Source: Sendable, Hashable {
        /// A key file readable by Slipway (mode 0600).
        case file(path: String)
        /// The key text itself (PEM or OpenSSH format), kept in memory only.
        case memory(Redacted<String>)
    }

    /// The SSH user name (`git` for every hosted provider).
    package var user: String
    /// The private key.
    package var privateKey: Source
    /// The public key file, when the private key alone is not enough for libssh2 (optional).
    package var publicKeyPath: String?
    /// The key's passphrase, if it has one.
    package var passphrase: Redacted<String>?

    /// Creates a key description.
    package init(
        user: String = "git", privateKey: Source, publicKeyPath: String? = nil, passphrase: Redacted<String>? = nil
    ) {
        self.user = user
        self.privateKey = privateKey
        self.publicKeyPath = publicKeyPath
        self.passphrase = passphrase
    }
}
