#!/usr/bin/env bash
# The main job: builds the agent and the example avatar service, starts a local image origin
# and the service with -javaagent:agent/target/pixtrace-agent.jar (console output, no
# collector needed), sends real requests (upload, hit, miss -> download, errors) and shows
# each request's trace tree and the metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_libvips
JAVA_HOME=$(find_jdk 25)
export JAVA_HOME
MAVEN_OPTS=$(maven_opts)
export MAVEN_OPTS
java="$JAVA_HOME/bin/java"

echo "== building the agent and the avatar service (mvn package, tests skipped) =="
mvn -B -q -DskipTests package -pl agent,examples/avatar-service -am

jar=examples/avatar-service/target/avatar-service.jar
out=$(mktemp -d)
"$java" -cp "$jar" io.pixtrace.examples.avatar.OriginServer 0 >"$out/origin.log" 2>&1 &
origin_pid=$!
service_pid=
trap 'kill $origin_pid ${service_pid:-} 2>/dev/null || true' EXIT
listening() { # $1 = log: prints the URL of its "listening on" line
  for _ in $(seq 200); do
    url=$(sed -n 's/.* listening on \(http:[^ ]*\)$/\1/p' "$1")
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  echo "a server did not start; see $1" >&2
  cat "$1" >&2
  exit 1
}
origin=$(listening "$out/origin.log")

echo "== starting the avatar service with the agent =="
IMGPROXY_OPEN_TELEMETRY_PROTOCOL=console \
IMGPROXY_OPEN_TELEMETRY_ENABLE_METRICS=true \
IMGPROXY_OPEN_TELEMETRY_SERVICE_NAME=avatar-service \
OTEL_METRIC_EXPORT_INTERVAL=600000 \
AVATAR_PORT=0 AVATAR_UPSTREAM_URL="$origin" AVATAR_UPSTREAM_TIMEOUT_MS=1500 \
  "$java" --enable-native-access=ALL-UNNAMED -javaagent:agent/target/pixtrace-agent.jar -jar "$jar" \
  >"$out/service.out" 2>"$out/service.err" &
service_pid=$!
service=$(listening "$out/service.out")
echo "service $service, origin $origin"

hash() { "$java" -cp "$jar" io.pixtrace.examples.avatar.OriginServer --list | awk -v e="$1" '$1 == e { print $2 }'; }
alice=$(hash alice@example.com)
carol=$(hash carol@example.com)
uploaded=$(printf 'me@example.com' | md5sum | cut -c1-32)
nobody=$(printf 'nobody@example.com' | md5sum | cut -c1-32)
request() { # METHOD PATH [curl args...]: prints the status line
  method=$1 path=$2
  shift 2
  curl -s -o /dev/null -X "$method" -w "%{http_code} %{content_type} %{size_download} B  $method $path\n" "$@" "$service$path"
}

echo "== requests =="
request POST "/avatar/$uploaded" --data-binary @examples/avatar-service/src/main/resources/images/bob.png
request GET "/avatar/$uploaded?s=96"                       # hit: the uploaded avatar
request GET "/avatar/$alice?s=128&f=webp"                  # miss: downloaded from the origin
request GET "/avatar/$carol?s=64&f=jpg"                    # miss: another format
request GET "/avatar/$nobody?d=identicon&s=80"             # unknown: generated fallback
request GET "/avatar/$nobody"                              # unknown, no fallback: 404
request POST "/avatar/$nobody" --data-binary 'not an image' # corrupt upload: 422
request GET "/avatar/$(hash corrupt@example.com)"           # corrupt image at the origin: 422
sleep 2

kill -TERM "$service_pid"       # the agent flushes on shutdown: last traces and the metrics
wait "$service_pid" 2>/dev/null || true
service_pid=
echo
echo "== what the agent printed (standard error of the service) =="
cat "$out/service.err"
echo
echo "(logs kept in $out)"
