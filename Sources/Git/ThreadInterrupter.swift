import Glibc

/// Interrupts a blocking system call in one thread, so that a libgit2 transfer stuck in `connect` or `recv`
/// (a server that accepted the connection and went silent) fails at once instead of waiting for TCP to give up.
///
/// libgit2 1.5 has no timeout option and calls no callback while it waits for the first bytes, so the stall
/// watchdog needs a way in from outside: it sends a real-time signal with an empty handler installed without
/// `SA_RESTART` to the thread running the transfer. The blocked `recv`/`connect`/`poll` returns `EINTR`, which
/// libgit2 reports as a socket error and unwinds. The signal goes to that thread only (`pthread_kill`), and only
/// while the transfer is registered as running on it (see `TransferSession`).
enum ThreadInterrupter {
    /// SIGRTMIN+4: unused by glibc (which reserves the first real-time signals), Swift and Foundation.
    static let signal: Int32 = __libc_current_sigrtmin() + 4

    static func installHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: blocked calls must return EINTR
        sigaction(signal, &action, nil)
    }

    static func currentThread() -> pthread_t { pthread_self() }

    /// Unblocks the signal in the calling thread and returns the previous mask. Threads inherit the mask of
    /// their creator, and Swift's concurrency threads block nearly every signal, so a pool thread would never
    /// see the interrupt otherwise. Only this signal is unblocked, and only while a transfer runs: other signals
    /// (SIGCHLD…) must not interrupt libgit2's system calls.
    static func acceptInterrupts() -> sigset_t {
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, signal)
        var previous = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &previous)
        return previous
    }

    static func restore(_ mask: sigset_t) {
        var mask = mask
        pthread_sigmask(SIG_SETMASK, &mask, nil)
    }

    static func interrupt(_ thread: pthread_t) {
        _ = pthread_kill(thread, signal)
    }
}
