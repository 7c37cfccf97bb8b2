#!/usr/bin/env bash
# Makes a JDK 21 for the integration tests' JDK 21 hosts and prints the path of its `java`.
# Debian 12 has no JDK 21: Debian 13's openjdk-21-jre-headless runs in a Debian 13 tree made
# by mmdebstrap (about 20 s and 330 MB, once; as root). The printed `java` is a wrapper that
# starts it in that tree, in a mount namespace of its own where the repository, $HOME (the
# Maven repository) and /tmp are bind-mounted at their own paths: the JVM sees the same files
# at the same paths as the test. The mounts end with the process.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
base=${PIXTRACE_JDK21_DIR:-/opt/pixtrace-jdk21}
root=$base/root
java=/usr/lib/jvm/java-21-openjdk-amd64/bin/java
if [ ! -x "$root$java" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "jdk21.sh: making the Debian 13 tree $root needs root" >&2
    exit 1
  fi
  command -v mmdebstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap >/dev/null
  }
  rm -rf "$root.partial"
  mkdir -p "$base"
  mmdebstrap --quiet --variant=minbase --include=openjdk-21-jre-headless trixie "$root.partial" \
    http://deb.debian.org/debian >&2
  mv "$root.partial" "$root"
fi
binds="$repo $HOME /tmp"
# One wrapper per repository (it bind-mounts that repository), so two checkouts can test at once.
wrapper=$base/java-$(printf %s "$repo" | md5sum | cut -c1-12)
cat > "$wrapper.tmp" <<WRAPPER
#!/bin/sh
# Debian 13's JDK 21 in $root (made by scripts/jdk21.sh).
exec unshare --mount --propagation private /bin/sh -c '
  root=\$1; cwd=\$2; shift 2
  for d in $binds; do
    [ -d "\$d" ] && mkdir -p "\$root\$d" && mount --bind "\$d" "\$root\$d"
  done
  mount -t proc proc "\$root/proc"
  exec chroot "\$root" /bin/sh -c "cd \"\\\$0\" && exec $java \"\\\$@\"" "\$cwd" "\$@"
' sh "$root" "\$PWD" "\$@"
WRAPPER
chmod +x "$wrapper.tmp"
mv "$wrapper.tmp" "$wrapper"
echo "$wrapper"
