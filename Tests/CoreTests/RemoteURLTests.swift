import Core
import Testing

@Suite("RemoteURL normalization")
struct RemoteURLTests {
    @Test(
        "spellings of one repository normalize to the same URL",
        arguments: [
            ("https://github.com/acme/widgets", "https://github.com/acme/widgets"),
            ("HTTPS://GitHub.COM/acme/widgets.git", "https://github.com/acme/widgets"),
            ("https://github.com/acme/widgets/", "https://github.com/acme/widgets"),
            ("https://github.com:443//acme//widgets.git/", "https://github.com/acme/widgets"),
            ("https://x-access-token:ghs_secret@github.com/acme/widgets.git", "https://github.com/acme/widgets"),
            ("https://github.com./acme/widgets", "https://github.com/acme/widgets"),
            ("git@github.com:acme/widgets.git", "ssh://git@github.com/acme/widgets"),
            ("ssh://git@github.com:22/acme/widgets", "ssh://git@github.com/acme/widgets"),
            ("git+ssh://git@GITHUB.com/acme/widgets.git", "ssh://git@github.com/acme/widgets"),
        ])
    func equivalent(text: String, canonical: String) throws {
        #expect(try RemoteURL(text) == RemoteURL(canonical))
        #expect(try RemoteURL(text).repositoryKey == "github.com/acme/widgets")
    }

    @Test("HTTPS and SSH forms share a repository key but are different URLs")
    func httpsVersusSSH() throws {
        let https = try RemoteURL("https://gitlab.example.com/group/sub/project.git")
        let ssh = try RemoteURL("git@gitlab.example.com:group/sub/project.git")
        #expect(https != ssh)
        #expect(https.repositoryKey == ssh.repositoryKey)
        #expect(https.repositoryKey == "gitlab.example.com/group/sub/project")
    }

    @Test(
        "components, key and the connection string (original spelling, no credentials)",
        arguments: [
            (
                "https://user:pass@Example.com:8443/team/app.git", RemoteURL.Scheme.https, "example.com", 8443,
                "team/app", "example.com:8443/team/app", "https://example.com:8443/team/app.git"
            ),
            (
                "http://127.0.0.1:9999/repo", .http, "127.0.0.1", 9999, "repo", "127.0.0.1:9999/repo",
                "http://127.0.0.1:9999/repo"
            ),
            (
                "git://127.0.0.1:9418/repo.git", .git, "127.0.0.1", nil, "repo", "127.0.0.1/repo",
                "git://127.0.0.1/repo.git"
            ),
            (
                "git@host.example:~/repos/app.git", .ssh, "host.example", nil, "~/repos/app",
                "host.example/~/repos/app",
                "git@host.example:~/repos/app.git"
            ),
            (
                "ssh://deploy:pw@[::1]:2222/srv/app", .ssh, "[::1]", 2222, "srv/app", "[::1]:2222/srv/app",
                "ssh://deploy@[::1]:2222/srv/app"
            ),
            ("/srv/git/app.git", .file, "", nil, "/srv/git/app", "/srv/git/app", "file:///srv/git/app.git"),
            ("file:///srv/git/app", .file, "", nil, "/srv/git/app", "/srv/git/app", "file:///srv/git/app"),
            (
                "https://dev.azure.com/org/project/_git/repo", .https, "dev.azure.com", nil, "org/project/_git/repo",
                "dev.azure.com/org/project/_git/repo", "https://dev.azure.com/org/project/_git/repo"
            ),
        ] as [(String, RemoteURL.Scheme, String, Int?, String, String, String)])
    func components(
        text: String, scheme: RemoteURL.Scheme, host: String, port: Int?, path: String, key: String, connect: String
    ) throws {
        let url = try RemoteURL(text)
        #expect(url.scheme == scheme)
        #expect(url.host == host)
        #expect(url.port == port)
        #expect(url.path == path)
        #expect(url.repositoryKey == key)
        #expect(url.connectionString == connect)
        #expect(url.redacted == connect)
        #expect(!url.redacted.contains("pass") && !url.redacted.contains(":pw@"))
    }

    @Test(
        "bad URLs are refused with a message that never repeats the password",
        arguments: [
            "", "   ", "ftp://host/repo", "https://host", "https://host/", "https://:secret@/repo",
            "https://user:secret@host/repo?x=1", "https://user:secret@host/a/../b", "https://host:99999/repo",
            "https://user:secret@bad host/repo", "just-a-name", "file://otherhost/srv/repo",
            "https://user:secret@ho$t/repo",
        ])
    func invalid(text: String) {
        #expect {
            try RemoteURL(text)
        } throws: { error in
            guard let error = error as? GitError else { return false }
            return error.code == .invalidURL && !error.message.contains("secret")
        }
    }

    @Test("redact removes user information from any URL-looking text")
    func redact() {
        #expect(RemoteURL.redact("https://x:tok@host/a@b") == "https://host/a@b")
        #expect(RemoteURL.redact("https://host/a") == "https://host/a")
        #expect(RemoteURL.redact("git@host:a/b") == "git@host:a/b")
    }
}

@Suite("Git values")
struct GitValueTests {
    @Test("object ids are 40 or 64 hex digits, kept lowercase")
    func objectIDs() {
        let id = ObjectID(hex: "ABCDEF0123456789ABCDEF0123456789ABCDEF01")
        #expect(id?.hex == "abcdef0123456789abcdef0123456789abcdef01")
        #expect(id?.abbreviated == "abcdef0")
        #expect(ObjectID(hex: String(repeating: "0", count: 40))?.isZero == true)
        #expect(ObjectID(hex: String(repeating: "a", count: 64)) != nil)
        #expect(ObjectID(hex: "abc") == nil)
        #expect(ObjectID(hex: String(repeating: "g", count: 40)) == nil)
    }

    @Test(
        "repository paths normalize", arguments: [("", ""), ("/", ""), ("a/b", "a/b"), ("/a//b/", "a/b")])
    func paths(text: String, value: String) throws {
        #expect(try RepositoryPath(text).value == value)
    }

    @Test("repository paths refuse traversal and git metadata", arguments: ["..", "a/../b", "./a", "a/.git", ".GIT/x"])
    func badPaths(text: String) {
        #expect(throws: GitError.self) { try RepositoryPath(text) }
    }

    @Test("containment")
    func containment() throws {
        let integration = try RepositoryPath("integrations/a")
        #expect(integration.contains(try RepositoryPath("integrations/a/src")))
        #expect(!integration.contains(try RepositoryPath("integrations/ab")))
        #expect(RepositoryPath.root.contains(integration))
    }

    @Test(
        "clone conventions: a fixed user name, or the token owner's account",
        arguments: [(TokenUserName.literal("x-access-token"), "x-access-token"), (.accountName, "jdoe")])
    func conventions(convention: TokenUserName, user: String) throws {
        let credentials = try GitCredentials.token(
            Redacted("t0ken"), convention: convention, provider: "p", accountName: "jdoe")
        #expect(credentials == .token(user: user, token: Redacted("t0ken")))
        #expect(!"\(credentials)".contains("t0ken"))
    }

    @Test("a convention that needs an account name says so when there is none")
    func conventionErrors() {
        for missing in [nil, ""] {
            #expect(throws: GitError.self) {
                try GitCredentials.token(
                    Redacted("t"), convention: .accountName, provider: "bitbucket-server", accountName: missing)
            }
        }
    }

    @Test("the inputs digest encoding is canonical and versioned")
    func digestEncoding() throws {
        let tree = ObjectID(hex: String(repeating: "1", count: 40))!
        let other = ObjectID(hex: String(repeating: "2", count: 40))!
        let integration = InputTree(path: try RepositoryPath("apps/a"), kind: .tree, id: tree)
        let includes = [
            InputTree(path: try RepositoryPath("shared/z"), kind: nil, id: nil),
            InputTree(path: try RepositoryPath("shared/b"), kind: .tree, id: other),
            InputTree(path: try RepositoryPath("shared/b"), kind: .tree, id: other),
            InputTree(path: try RepositoryPath("apps/a"), kind: .tree, id: tree),
        ]
        let bytes = InputsDigestEncoding.encode(
            integration: integration, includes: includes, manifestDigest: "sha256:ab", templateName: "node",
            templateVersion: 3, builderVersion: "0.1.0")
        let expected = """
            slipway-inputs v1
            integration 6:apps/a tree \(tree.hex)
            include 8:shared/b tree \(other.hex)
            include 8:shared/z missing
            manifest sha256:ab
            template 4:node 3
            builder 5:0.1.0

            """
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
