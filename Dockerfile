# Builds the command side or the query side for the split deployment (see docker-compose.yml):
#   docker build --build-arg MODULE=command-side -t sales-pipeline/command-side .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
ARG MODULE=command-side
COPY --from=build /src/${MODULE}/target/${MODULE}-*-exec.jar /app/app.jar
USER 1000
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
