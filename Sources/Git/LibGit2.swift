internal import CGit2
internal import CGit2Shims
import Core
import Glibc

/// libgit2's process-wide setup, done once on first use: library init; no re-hashing of objects on read; no
/// system, XDG or global git config
/// (a user's `~/.gitconfig` must not rewrite mirror URLs with `insteadOf` or change how mirrors are written);
/// and the signal handler that lets the stall watchdog interrupt a blocked transfer (see ``ThreadInterrupter``).
let libgit2Ready: Void = {
    git_libgit2_init()
    for level in [GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM, GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL]
    {
        _ = cgit2_set_config_search_path(Int32(level.rawValue), "")
    }
    // Like git, trust objects already in the local object database instead of re-hashing each one on every read
    // (about a tenth of an export's CPU). Objects are still hashed when they arrive (the indexer names them by
    // hash), zlib checks every object it inflates, and mirrors found damaged are replaced.
    _ = cgit2_set_strict_hash_verification(0)
    ThreadInterrupter.installHandler()
}()

/// A failed libgit2 call with the message libgit2 recorded for this thread, read before anything else ran.
struct LibGit2Failure: Error, Sendable, CustomStringConvertible {
    /// The C function that failed (`git_remote_fetch`).
    var function: String
    /// Its return code (a `git_error_code`).
    var code: Int32
    /// libgit2's error class (`git_error_t`), 0 when none was set.
    var errorClass: Int32
    /// libgit2's message.
    var message: String

    var description: String { "\(function): \(message)" }

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    func hasClass(_ errorClass: git_error_t) -> Bool { self.errorClass == Int32(errorClass.rawValue) }

    /// Whether the failure points at damaged local data rather than at the network or the server. zlib errors
    /// are left out on purpose: during a fetch they usually mean a bad transfer, which must not cost a mirror.
    var looksLikeCorruption: Bool {
        let localClasses: [git_error_t] = [GIT_ERROR_ODB, GIT_ERROR_OBJECT, GIT_ERROR_REPOSITORY]
        return localClasses.contains { hasClass($0) } || code == GIT_EMISMATCH.rawValue
    }
}

/// Runs one libgit2 call and turns a negative result into a ``LibGit2Failure``.
///
/// Synchronous on purpose: `git_error_last()` is per thread, so no `await` may sit between the call and the read.
@discardableResult
func check(_ function: String, _ call: () -> Int32) throws(LibGit2Failure) -> Int32 {
    let code = call()
    guard code < 0 else { return code }
    let last = git_error_last()
    let message = last.flatMap { $0.pointee.message }.map { cString($0) } ?? "no details from libgit2 (code \(code))"
    throw LibGit2Failure(function: function, code: code, errorClass: last?.pointee.klass ?? 0, message: message)
}

/// Whether this libgit2 was built with SSH (libssh2) support.
var libgit2SupportsSSH: Bool {
    _ = libgit2Ready
    return git_libgit2_features() & Int32(GIT_FEATURE_SSH.rawValue) != 0
}

/// The text of a NUL-terminated C string, repairing invalid UTF-8.
func cString(_ pointer: UnsafePointer<CChar>) -> String {
    let length = strlen(pointer)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
}

/// The raw bytes of a NUL-terminated C string (tree entry names need not be UTF-8).
func cStringBytes(_ pointer: UnsafePointer<CChar>) -> [UInt8] {
    let length = strlen(pointer)
    return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
}

extension ObjectID {
    init(_ oid: git_oid) {
        var oid = oid
        var buffer = [CChar](repeating: 0, count: Int(GIT_OID_HEXSZ) + 1)
        git_oid_tostr(&buffer, buffer.count, &oid)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // git_oid_tostr always writes 40 hex digits for a SHA-1 id.
        self = ObjectID(hex: text)!
    }

    var gitOID: git_oid {
        var oid = git_oid()
        // `hex` is validated hex; libgit2 1.5 reads the first 40 digits.
        _ = git_oid_fromstrn(&oid, hex, hex.utf8.count)
        return oid
    }
}

/// Calls `body` with a `git_strarray` holding copies of `strings`, freed afterwards.
func withStrArray<R>(_ strings: [String], _ body: (UnsafeMutablePointer<git_strarray>) throws -> R) rethrows -> R {
    let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(strings.count, 1))
    for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
    defer {
        for index in strings.indices { free(pointers[index]) }
        pointers.deallocate()
    }
    var array = git_strarray(strings: pointers, count: strings.count)
    return try body(&array)
}
