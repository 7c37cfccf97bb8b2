# Shared by the scripts: find a JDK, make sure libvips is there. Sourced, not run.

# Prints the home of a JDK whose feature version is at least $1: JAVA_HOME if it is one,
# else the newest under /usr/lib/jvm. Fails with a message when there is none.
find_jdk() {
  want=$1
  for home in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    [ -n "$home" ] && [ -x "$home/bin/javac" ] || continue
    version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release" 2>/dev/null)
    if [ -n "$version" ] && [ "$version" -ge "$want" ]; then
      echo "$home"
      return 0
    fi
  done
  echo "no JDK $want or newer found (set JAVA_HOME); the build needs it for the FFM example" >&2
  return 1
}

# Installs Debian's libvips42 when it is missing and we are root; otherwise explains.
ensure_libvips() {
  if ldconfig -p 2>/dev/null | grep -q 'libvips\.so\.42'; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing libvips42 (Debian) ..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libvips42 >/dev/null
  else
    echo "libvips 8.x is needed: install Debian's libvips42 (sudo apt-get install libvips42)" >&2
    return 1
  fi
}

# Maven on JDK 24+ warns about its own use of sun.misc.Unsafe; that is Maven's, not ours.
maven_opts() {
  echo "${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
}
