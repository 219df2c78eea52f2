#!/bin/sh
# After installing or upgrading the gatepost package: the system user the
# hub runs as, and systemd told about the unit. The service is not enabled
# or started: the operator sets the hub up first (README, "Installing").
set -e
if command -v systemd-sysusers >/dev/null 2>&1; then
	systemd-sysusers /usr/lib/sysusers.d/gatepost.conf
elif ! getent passwd gatepost >/dev/null 2>&1; then
	useradd --system --user-group --home-dir /var/lib/gatepost --no-create-home \
		--shell /usr/sbin/nologin --comment "gatepost hub" gatepost
fi
# The hub's data directory, so that its administration commands (run as
# gatepost) work before the service has first started; the unit's
# StateDirectory= keeps it so.
install -d -o gatepost -g gatepost -m 0750 /var/lib/gatepost
# The settings may hold a PostgreSQL password: readable by the service only.
if [ -f /etc/gatepost/hub.env ]; then
	chown root:gatepost /etc/gatepost/hub.env
	chmod 0640 /etc/gatepost/hub.env
fi
if [ -d /run/systemd/system ]; then
	systemctl daemon-reload >/dev/null 2>&1 || true
	# An upgrade restarts a hub that was running, on the new binary.
	if systemctl is-active --quiet gatepost-hub.service; then
		systemctl restart gatepost-hub.service || true
	fi
fi
exit 0
