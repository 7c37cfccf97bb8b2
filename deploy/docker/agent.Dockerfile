# Adds the Pixtrace agent to any Java image. Build it with the agent jar as the context:
#
#   mvn -B -DskipTests package -pl agent -am
#   docker build -f deploy/docker/agent.Dockerfile --build-arg BASE=registry.example.com/thumbnails:1.4 \
#     -t registry.example.com/thumbnails:1.4-pixtrace agent/target
#
# The JVM reads JAVA_TOOL_OPTIONS whatever starts it (java -jar, a launcher script, Spring
# Boot's layered jars). It prints "Picked up JAVA_TOOL_OPTIONS: ..." on stderr. If the base
# image sets JAVA_TOOL_OPTIONS itself, repeat its value here after the -javaagent option: ENV
# replaces the base image's value. The agent stays off until an IMGPROXY_OPEN_TELEMETRY_* or
# IMGPROXY_PROMETHEUS_BIND variable is set at run time (docs/configuration.md).
ARG BASE=eclipse-temurin:25-jre
FROM ${BASE}
COPY pixtrace-agent.jar /opt/pixtrace/pixtrace-agent.jar
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/pixtrace/pixtrace-agent.jar"
