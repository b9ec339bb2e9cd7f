#pragma once

// Fixed-arity wrappers for git_libgit2_opts(), which is variadic: Swift cannot call C variadic functions.

/// git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path): where libgit2 looks for the config files of `level`.
int cgit2_set_config_search_path(int level, const char *path);

/// git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled): re-hash every object read from the
/// object database.
int cgit2_set_strict_hash_verification(int enabled);
