# Builds and runs the service. Configuration comes from the environment (see README, "Production").
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY processes processes
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 cdn
WORKDIR /app
COPY --from=build /src/target/cdn-billing-engine-*.jar /app/cdn-billing-engine.jar
USER cdn
EXPOSE 8080
# the heap the benchmark measured with (README "Performance"); override with -e JAVA_OPTS=...
ENV JAVA_OPTS="-Xmx512m"
# exec: java is PID 1 and gets SIGTERM itself (graceful shutdown)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/cdn-billing-engine.jar"]
