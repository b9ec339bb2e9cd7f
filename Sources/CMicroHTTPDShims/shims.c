#include "CMicroHTTPDShims.h"

struct MHD_Daemon *cmhd_start_daemon(unsigned int flags, const struct sockaddr *address,
                                     MHD_AccessHandlerCallback access_handler,
                                     MHD_RequestCompletedCallback completed_handler, cmhd_uri_logger uri_logger,
                                     MHD_LogCallback error_logger, void *context, unsigned int connection_limit,
                                     unsigned int connection_timeout_seconds, size_t connection_memory_limit,
                                     unsigned int thread_pool_size) {
    // MHD_OPTION_EXTERNAL_LOGGER comes first so that MHD's start-up messages reach it too.
    return MHD_start_daemon(flags, 0, NULL, NULL, access_handler, context,
                            MHD_OPTION_EXTERNAL_LOGGER, error_logger, context,
                            MHD_OPTION_SOCK_ADDR, address,
                            MHD_OPTION_NOTIFY_COMPLETED, completed_handler, context,
                            MHD_OPTION_URI_LOG_CALLBACK, uri_logger, context,
                            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
                            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout_seconds,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, connection_memory_limit,
                            MHD_OPTION_THREAD_POOL_SIZE, thread_pool_size > 1 ? thread_pool_size : 0,
                            MHD_OPTION_END);
}

uint16_t cmhd_daemon_bound_port(struct MHD_Daemon *daemon) {
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

const struct sockaddr *cmhd_connection_client_address(struct MHD_Connection *connection) {
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}
