# The example avatar service with the agent, for deploy/compose and deploy/kubernetes. Build
# it from the repository root after `mvn -B -DskipTests package`:
#
#   docker build -f deploy/docker/avatar-service.Dockerfile -t pixtrace/avatar-service:0.1.0 .
#
# libvips comes from the distribution, as on the test machines. The Temurin image is Ubuntu
# 24.04, where the package is libvips42t64.
FROM eclipse-temurin:25-jre
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libvips42t64 \
 && rm -rf /var/lib/apt/lists/*
COPY agent/target/pixtrace-agent.jar /opt/pixtrace/pixtrace-agent.jar
COPY examples/avatar-service/target/avatar-service.jar /app/avatar-service.jar
ENV JAVA_TOOL_OPTIONS="-javaagent:/opt/pixtrace/pixtrace-agent.jar" \
    AVATAR_BIND=0.0.0.0 \
    AVATAR_PORT=8080
EXPOSE 8080 9464
# FFM (libvips) needs native access; the launcher enables it for the service's own classes.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/app/avatar-service.jar"]
