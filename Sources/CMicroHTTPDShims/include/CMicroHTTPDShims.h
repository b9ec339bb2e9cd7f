#pragma once

// Why this exists: MHD_start_daemon(), MHD_get_daemon_info() and MHD_get_connection_info() are C variadic
// functions (the daemon's options are a list ending in MHD_OPTION_END), and Swift cannot call C variadics.
// These wrappers have a fixed arity and typed parameters, so the compiler checks what MHD would otherwise
// read blindly from a va_list. Everything else in libmicrohttpd is called directly from Swift.
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <microhttpd.h>

/// MHD_OPTION_URI_LOG_CALLBACK's function: called once per request with the raw request target; what it
/// returns becomes the request's context (`*req_cls`) in the access handler and the completed callback.
typedef void *(*cmhd_uri_logger)(void *context, const char *uri, struct MHD_Connection *connection);

/// MHD_start_daemon(flags, 0, NULL, NULL, access_handler, context, ...) listening on `address` (a
/// `struct sockaddr_in`), with the completed callback, the URI logger and the error logger all given `context`.
/// `connection_limit`, `connection_timeout_seconds` and `connection_memory_limit` are MHD's
/// MHD_OPTION_CONNECTION_LIMIT, MHD_OPTION_CONNECTION_TIMEOUT and MHD_OPTION_CONNECTION_MEMORY_LIMIT;
/// `thread_pool_size` is MHD_OPTION_THREAD_POOL_SIZE (0 or 1: no pool). Returns NULL when the daemon cannot start.
struct MHD_Daemon *cmhd_start_daemon(unsigned int flags, const struct sockaddr *address,
                                     MHD_AccessHandlerCallback access_handler,
                                     MHD_RequestCompletedCallback completed_handler, cmhd_uri_logger uri_logger,
                                     MHD_LogCallback error_logger, void *context, unsigned int connection_limit,
                                     unsigned int connection_timeout_seconds, size_t connection_memory_limit,
                                     unsigned int thread_pool_size);

/// MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT): the port the daemon listens on (0 when unknown).
uint16_t cmhd_daemon_bound_port(struct MHD_Daemon *daemon);

/// MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS): the peer's address, or NULL.
const struct sockaddr *cmhd_connection_client_address(struct MHD_Connection *connection);
