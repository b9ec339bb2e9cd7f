#pragma once

// Fixed-arity wrappers for git_libgit2_opts(), which is variadic: Swift cannot call C variadic functions.

/// git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, path): where libgit2 looks for the config files of `level`.
int cgit2_set_config_search_path(int level, const char *path);
