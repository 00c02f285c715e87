# syntax=docker/dockerfile:1
# The images of the three applications, built from the modules' own Maven build (nothing needs to be
# built on the host first):
#   docker build -t sales-pipeline/standalone .                          port 8080 (the default target)
#   docker build --target command-side -t sales-pipeline/command-side .  port 8081
#   docker build --target query-side -t sales-pipeline/query-side .      port 8082
# docker-compose.yml builds the split deployment (command side, query side, PostgreSQL) from this file.

ARG MAVEN_IMAGE=maven:3.9.16-eclipse-temurin-17-noble
ARG JRE_IMAGE=eclipse-temurin:17.0.20_8-jre-noble

FROM ${MAVEN_IMAGE} AS build
WORKDIR /src
# The poms first, alone: the dependencies they resolve stay in this cached layer until a pom changes,
# so a change to the sources does not download them all again. (A new module adds its pom here.)
COPY pom.xml ./
COPY shared-events/pom.xml shared-events/
COPY platform/pom.xml platform/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY history/pom.xml history/
COPY standalone/pom.xml standalone/
COPY history/pom.xml history/
COPY benchmarks/pom.xml benchmarks/
RUN mvn -B -q dependency:go-offline
COPY . ./
# The three applications and what they are built from (not the benchmarks).
RUN mvn -B -q -DskipTests -pl command-side,query-side,standalone -am package
# Each application's jar split along Spring Boot's layer index: third-party dependencies (they change
# least), the loader, snapshot dependencies, and the application (its classes and this project's own
# modules). Each becomes an image layer below, so a new commit ships only the small last one.
# (command-side and query-side keep their plain jar for standalone and name the runnable one *-exec.jar.)
RUN set -eu; \
    for module in command-side query-side; do \
      java -Djarmode=tools -jar ${module}/target/${module}-*-exec.jar extract --layers \
        --destination /layers/${module} --application-filename application.jar; \
    done; \
    java -Djarmode=tools -jar standalone/target/standalone-*.jar extract --layers \
      --destination /layers/standalone --application-filename application.jar

FROM ${JRE_IMAGE} AS runtime
# An unprivileged user; /data holds standalone's embedded database.
RUN groupadd --system pipeline \
    && useradd --system --gid pipeline --home-dir /app --no-create-home pipeline \
    && mkdir -p /app /data && chown pipeline:pipeline /data
COPY docker/healthcheck /usr/local/bin/healthcheck
WORKDIR /app
USER pipeline
# Ready means the readiness probe answers 200. The check is plain bash, so it does not depend on curl
# or wget being in the JRE image; it asks the port the application listens on (SERVER_PORT, below).
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["bash", "/usr/local/bin/healthcheck"]
# SIGTERM reaches the JVM directly (exec form), which then shuts down gracefully (pipeline-platform.properties).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/application.jar"]

FROM runtime AS command-side
ENV SERVER_PORT=8081
EXPOSE 8081
COPY --from=build /layers/command-side/dependencies/ ./
COPY --from=build /layers/command-side/spring-boot-loader/ ./
COPY --from=build /layers/command-side/snapshot-dependencies/ ./
COPY --from=build /layers/command-side/application/ ./

FROM runtime AS query-side
ENV SERVER_PORT=8082
EXPOSE 8082
COPY --from=build /layers/query-side/dependencies/ ./
COPY --from=build /layers/query-side/spring-boot-loader/ ./
COPY --from=build /layers/query-side/snapshot-dependencies/ ./
COPY --from=build /layers/query-side/application/ ./

# Both sides in one process: the embedded H2 database in /data (mount a volume there to keep it) with
# the demo users, or PostgreSQL with SPRING_PROFILES_ACTIVE=postgres, DATABASE_URL and your own users.
FROM runtime AS standalone
ENV SERVER_PORT=8080 PIPELINE_DATA_DIR=/data
EXPOSE 8080
COPY --from=build /layers/standalone/dependencies/ ./
COPY --from=build /layers/standalone/spring-boot-loader/ ./
COPY --from=build /layers/standalone/snapshot-dependencies/ ./
COPY --from=build /layers/standalone/application/ ./
