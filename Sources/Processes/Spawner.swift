internal import CProcessShims
import Core
import Foundation
import Glibc

/// posix_spawn with the child in a new process group, default signal dispositions, stdin from
/// /dev/null, stdout and stderr on pipes, and the working directory set in the child.
enum Spawner {
    struct Spawned {
        var pid: pid_t
        var stdout: Int32
        var stderr: Int32
    }

    static func spawn(_ spec: CommandSpec) throws -> Spawned {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spec.directory, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw CommandError(
                "cannot run `\(spec.executable)`: its working directory \(spec.directory) does not exist")
        }
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard cprocess_pipe_cloexec(&out) == 0, cprocess_pipe_cloexec(&err) == 0 else {
            let reason = String(cString: strerror(errno))
            for descriptor in out + err where descriptor >= 0 { close(descriptor) }
            throw CommandError("cannot create pipes for `\(spec.executable)`: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        cprocess_spawn_addchdir(&actions, spec.directory)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)

        let argv = ([spec.executable] + spec.arguments).map { strdup($0) } + [nil]
        let envp = spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, spec.executable, &actions, &attributes, argv, envp)
        close(out[1])
        close(err[1])
        guard status == 0 else {
            close(out[0])
            close(err[0])
            throw CommandError(
                "cannot start `\(spec.executable)` in \(spec.directory): \(String(cString: strerror(status)))")
        }
        for descriptor in [out[0], err[0]] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        return Spawned(pid: pid, stdout: out[0], stderr: err[0])
    }
}
