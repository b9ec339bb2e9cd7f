#pragma once
// Why this exists: pipe2() and posix_spawn_file_actions_addchdir_np() are GNU extensions that glibc's
// headers declare only under _GNU_SOURCE, which Swift's Glibc module is not built with. Both are needed
// to spawn children safely while other threads spawn too (close-on-exec pipes created atomically, and
// the working directory set in the child rather than in the shared parent process).
#include <spawn.h>

/// pipe2(fds, O_CLOEXEC): a pipe whose both ends are closed on exec, created atomically.
int cprocess_pipe_cloexec(int fds[2]);

/// posix_spawn_file_actions_addchdir_np: the child changes to `path` before exec.
int cprocess_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
