#!/usr/bin/env bash
# Makes `docker compose` work with this machine's Docker client (which has no compose
# plugin) and prints the Docker config directory to use: DOCKER_CONFIG=<it> docker compose ...
# The plugin is Debian 13's docker-compose package (Compose v2), taken from the Debian 13 tree
# that scripts/jdk21.sh makes (once; as root). Only the client runs: `docker compose config`
# needs no engine.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${PIXTRACE_JDK21_DIR:-/opt/pixtrace-jdk21}
config=$base/docker-config
plugin=$config/cli-plugins/docker-compose
if [ ! -x "$plugin" ]; then
  "$repo/scripts/jdk21.sh" >/dev/null
  root=$base/root
  chroot "$root" /bin/sh -c 'rm -f /tmp/docker-compose_*.deb; cd /tmp && { apt-get download docker-compose >/dev/null 2>&1 || { apt-get update -qq >/dev/null && apt-get download docker-compose >/dev/null; }; }'
  work=$(mktemp -d)
  dpkg-deb -x "$root"/tmp/docker-compose_*.deb "$work"
  mkdir -p "$config/cli-plugins"
  install -m 0755 "$work/usr/libexec/docker/cli-plugins/docker-compose" "$plugin.tmp"
  mv "$plugin.tmp" "$plugin"
  rm -rf "$work" "$root"/tmp/docker-compose_*.deb
fi
echo "$config"
