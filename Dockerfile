# Builds and runs the service. Configuration comes from the environment (see docs/production.md).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY processes processes
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
# curl is what docker-compose.yml's health check runs (with /bin/sh, which is dash here: no bash, no
# /dev/tcp). The image ships curl today, but only "for historical reasons" (adoptium/containers#255), so it
# is installed here to be sure it stays (ComposeHealthChecksTest checks this line names it).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 cdn
WORKDIR /app
COPY --from=build /src/target/cdn-billing-engine-*.jar /app/cdn-billing-engine.jar
USER cdn
EXPOSE 8080
# what the benchmark measured with (docs/performance.md): a 512 MiB heap and only the quick (C1) JIT
# compiler, which on two cores beats the optimising one (it took most of a core for minutes); on four or
# more cores measure without -XX:TieredStopAtLevel=1. Override with -e JAVA_OPTS=...
ENV JAVA_OPTS="-Xmx512m -XX:TieredStopAtLevel=1"
# exec: java is PID 1 and gets SIGTERM itself (graceful shutdown)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/cdn-billing-engine.jar"]
