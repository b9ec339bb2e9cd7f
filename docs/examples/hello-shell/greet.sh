#!/bin/sh
# Prints the tenant's greeting (PAN_CFG_GREETING) to the log, and a context object to stdout.
echo "${PAN_CFG_GREETING:-Hello} from ${PAN_CTX_TENANT_NAME:-a local run}" >&2
echo '{"greeted": true}'
