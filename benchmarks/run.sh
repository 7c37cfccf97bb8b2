#!/usr/bin/env bash
# Pixtrace benchmarks: JMH microbenchmarks of the stage API, then the macro benchmark
# (avatar service on JDK 25 and a JDK 17 host; no agent / Pixtrace on / Pixtrace off /
# OpenTelemetry Java agent 2.33.1, interleaved). Prints Markdown tables and the budget with
# PASS/FAIL; everything lands in benchmarks/target/results/.
#
#   benchmarks/run.sh [quick|full] [--build]
#
#   quick  avatar service only, 3 rounds, short load, short JMH; no collector-down window,
#          no class breakdown (< 3 min)
#   full   both hosts, 5 rounds, longer load, 120 s collector-down window, class-load
#          breakdown, longer JMH; then 3 rounds of start-up only with each host's own
#          class-sharing archive (avatar: AOT cache, JDK 17 host: AppCDS) and of the Spring Boot
#          example (< 20 min)
#   --build  run `mvn install -DskipTests` first (otherwise only missing jars are built)
#
# BASELINE_JAR=/path/to/an/older/pixtrace-agent.jar adds variant 5: that build with telemetry
# on, interleaved with the others, to compare two builds in one run. ALL_ON=1 adds variant 6:
# telemetry on with every optional feature too (logs, /metrics, header capture, tail sampling).
#
# Needs: JDK 25 and JDK 17 (JAVA25_HOME, JAVA17_HOME), libvips42, Maven (Central reachable
# the first time, for JMH and the OpenTelemetry agent). Uses only 127.0.0.1.
set -euo pipefail

MODE=quick
BUILD=no
for a in "$@"; do
  case "$a" in
    quick|full) MODE=$a ;;
    --build) BUILD=yes ;;
    *) echo "usage: $0 [quick|full] [--build]" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/benchmarks
TARGET=$BENCH/target
OUT=$TARGET/results/$MODE
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA17_HOME=${JAVA17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
OTEL_VERSION=2.33.1
OTEL_JAR=$TARGET/otel/opentelemetry-javaagent-$OTEL_VERSION.jar
PIXTRACE_JAR=$ROOT/agent/target/pixtrace-agent.jar
AVATAR_JAR=$ROOT/examples/avatar-service/target/avatar-service.jar
SPRING_JAR=$ROOT/examples/thumbnail-spring/target/thumbnail-spring.jar
RECEIVER_JAR=$ROOT/testing/otlp-receiver/target/otlp-receiver.jar
JMH_JAR=$BENCH/jmh/target/benchmarks.jar

export JAVA_HOME=$JAVA25_HOME MAVEN_OPTS=${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}
MVN="mvn -B -q -f $ROOT/pom.xml"
step() { echo "== $(date +%T) $*" >&2; }

# JMH: one fork, 1 s iterations (two forks and longer iterations take too long on two cores).
# DRIVER_LIMIT only bounds the macro run; it normally takes about 2 (quick) or 11 (full) minutes.
if [[ $MODE == quick ]]; then
  JMH_ARGS=(-f 1 -wi 2 -w 1s -i 3 -r 1s); DRIVER_LIMIT=300
else
  JMH_ARGS=(-f 1 -wi 3 -w 1s -i 5 -r 1s); DRIVER_LIMIT=900
fi
# Each extra variant (BASELINE_JAR, ALL_ON) adds about a fifth to the macro run.
[[ -n ${BASELINE_JAR:-} ]] && DRIVER_LIMIT=$((DRIVER_LIMIT * 6 / 5))
[[ -n ${ALL_ON:-} ]] && DRIVER_LIMIT=$((DRIVER_LIMIT * 6 / 5))

# 1. Jars: the agent, the example, the receiver; the JMH module always (it is small).
if [[ $BUILD == yes || ! -f $PIXTRACE_JAR || ! -f $AVATAR_JAR || ! -f $RECEIVER_JAR || ! -f $SPRING_JAR ]]; then
  step "mvn install -DskipTests"
  $MVN install -DskipTests
fi
if [[ ! -f $JMH_JAR || -n $(find "$ROOT/bootstrap/src/main" "$BENCH/jmh/src" "$BENCH/jmh/pom.xml" -newer "$JMH_JAR" -print -quit) ]]; then
  step "package benchmarks/jmh (with pixtrace-bootstrap from this tree)"
  $MVN package -DskipTests -pl benchmarks/jmh -am
fi
if [[ ! -f $OTEL_JAR ]]; then
  step "fetch io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION from Maven Central"
  $MVN -N dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION \
    -DoutputDirectory="$TARGET/otel"
fi

# 2. The driver (JDK 25) and the JDK 17 host, plain javac; the host also as a jar (CDS archives jars only).
rm -rf "$TARGET/driver" "$TARGET/jdk17-host" "$TARGET/jdk17-host.jar" "$OUT"
mkdir -p "$TARGET/driver" "$TARGET/jdk17-host" "$OUT"
"$JAVA25_HOME/bin/javac" -d "$TARGET/driver" $(find "$BENCH/driver/src" -name '*.java')
"$JAVA25_HOME/bin/javac" --release 17 -d "$TARGET/jdk17-host" $(find "$BENCH/jdk17-host/src" -name '*.java')
"$JAVA25_HOME/bin/jar" --create --file "$TARGET/jdk17-host.jar" -C "$TARGET/jdk17-host" .

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)" | tee "$OUT/machine.txt"
grep -m1 'model name' /proc/cpuinfo | sed 's/.*: /cpu: /' | tee -a "$OUT/machine.txt"
"$JAVA25_HOME/bin/java" -version 2>&1 | head -1 | sed 's/^/jdk 25: /' | tee -a "$OUT/machine.txt"
"$JAVA17_HOME/bin/java" -version 2>&1 | head -1 | sed 's/^/jdk 17: /' | tee -a "$OUT/machine.txt"
echo "tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?') with $(git -C "$ROOT" status --short 2>/dev/null | wc -l) changed files; pixtrace-agent.jar built $(date -r "$PIXTRACE_JAR" '+%F %T')" | tee -a "$OUT/machine.txt"

# 3. JMH.
step "JMH ${JMH_ARGS[*]}"
timeout 300 "$JAVA25_HOME/bin/java" -jar "$JMH_JAR" "${JMH_ARGS[@]}" -rf csv -rff "$OUT/jmh.csv" > "$OUT/jmh.txt" 2>&1 \
  || { tail -30 "$OUT/jmh.txt" >&2; exit 1; }
sed -n '/^Benchmark /,$p' "$OUT/jmh.txt" | grep -v '^$' | grep -v 'saved to' >&2

# 4. The macro benchmark.
step "macro benchmark ($MODE)"
timeout $DRIVER_LIMIT "$JAVA25_HOME/bin/java" -cp "$TARGET/driver" io.pixtrace.bench.Driver \
  --mode "$MODE" --java25 "$JAVA25_HOME" --java17 "$JAVA17_HOME" \
  --pixtrace "$PIXTRACE_JAR" --otel "$OTEL_JAR" --avatar "$AVATAR_JAR" --receiver "$RECEIVER_JAR" \
  --host17 "$TARGET/jdk17-host" --host17jar "$TARGET/jdk17-host.jar" --spring "$SPRING_JAR" --out "$OUT" --jmh "$OUT/jmh.csv" ${BASELINE_JAR:+--baseline "$BASELINE_JAR"} ${ALL_ON:+--all-on yes}
step "done; tables in $OUT/results.md, logs in $OUT/logs"
