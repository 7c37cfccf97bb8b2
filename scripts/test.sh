#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every module and the integration tests, which
# start real JVMs (the avatar service on JDK 25, a host on JDK 17) with -javaagent.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_libvips
JAVA_HOME=$(find_jdk 25)
export JAVA_HOME
MAVEN_OPTS=$(maven_opts)
export MAVEN_OPTS
exec mvn -B verify "$@"
