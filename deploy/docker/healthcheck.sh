#!/usr/bin/env bash
# Health check of the worker container (Docker HEALTHCHECK, Kubernetes exec probes): GET /health on
# the worker's metrics port over loopback, where it listens by default. Uses bash's /dev/tcp because
# the JRE image ships neither curl nor wget. Exit 0 only on an HTTP 200 answer.
set -euo pipefail

port="${SHARELINE_METRICS_PORT:-9464}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /health HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 5 status <&3
exec 3<&-
[[ "$status" =~ ^HTTP/[0-9.]+\ 200 ]] || { echo "unhealthy: ${status:-no answer} on port ${port}" >&2; exit 1; }
