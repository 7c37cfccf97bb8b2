#!/bin/sh
# Starts the demo origin and the avatar service from target/avatar-service.jar, requests a few
# avatars (and a few failures) with curl, prints status lines and stops both servers again.
# Usage: tools/demo.sh [JAVA_OPTS...]   e.g. tools/demo.sh -javaagent:/path/to/pixtrace-agent.jar
set -eu
cd "$(dirname "$0")/.."
jar=target/avatar-service.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=$(mktemp -d)
[ -f "$jar" ] || { echo "build first: mvn -f pom.xml package" >&2; exit 1; }

"$java" -cp "$jar" io.pixtrace.examples.avatar.OriginServer 0 >"$out/origin.log" 2>&1 &
origin_pid=$!
service_pid=
trap 'kill $origin_pid ${service_pid:-} 2>/dev/null || true' EXIT
wait_for() { # $1 = log file; prints the URL from the "listening on" line
  for _ in $(seq 100); do
    url=$(sed -n 's/.* listening on \(http:[^ ]*\)$/\1/p' "$1")
    [ -n "$url" ] && { echo "$url"; return; }
    sleep 0.1
  done
  echo "server did not start, see $1" >&2; exit 1
}
origin=$(wait_for "$out/origin.log")

AVATAR_PORT=0 AVATAR_UPSTREAM_URL=$origin AVATAR_UPSTREAM_TIMEOUT_MS=1000 \
  "$java" "$@" -jar "$jar" >"$out/service.log" 2>&1 &
service_pid=$!
service=$(wait_for "$out/service.log")
echo "origin $origin, service $service, outputs in $out"

hash() { "$java" -cp "$jar" io.pixtrace.examples.avatar.OriginServer --list | awk -v e="$1" '$1 == e { print $2 }'; }
alice=$(hash alice@example.com); bob=$(hash bob@example.com); carol=$(hash carol@example.com)
nobody=00000000000000000000000000000000
for path in "/avatar/$alice?s=128" "/avatar/$bob?s=64&f=webp" "/avatar/$carol?s=200&f=jpg" \
    "/avatar/$nobody" "/avatar/$nobody?d=identicon&s=96" "/avatar/$nobody?d=mp" \
    "/avatar/$(hash corrupt@example.com)" "/avatar/$(hash broken@example.com)" \
    "/avatar/$(hash slow@example.com)" "/avatar/$alice?s=5"; do
  file=$out/$(echo "$path" | tr -c 'a-zA-Z0-9\n' '_' | cut -c1-60)
  curl -s -o "$file" -w "%{http_code} %{content_type} %{size_download}B  $path\n" "$service$path"
done
curl -s -o /dev/null -w "%{http_code} upload  /avatar/$nobody\n" --data-binary @src/main/resources/images/bob.png "$service/avatar/$nobody"
curl -s -o /dev/null -w "%{http_code} after upload  /avatar/$nobody\n" "$service/avatar/$nobody"
