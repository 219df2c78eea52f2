#!/bin/sh
# Before the gatepost package is removed (not upgraded): stop the hub.
# Debian passes "remove" (or "upgrade"), RPM the number of versions left.
set -e
case "$1" in
remove | 0)
	if [ -d /run/systemd/system ]; then
		systemctl disable --now gatepost-hub.service >/dev/null 2>&1 || true
	fi
	;;
esac
exit 0
