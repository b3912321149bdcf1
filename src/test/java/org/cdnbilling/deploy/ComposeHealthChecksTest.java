package org.cdnbilling.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.yaml.snakeyaml.Yaml;

/**
 * The health checks of {@code docker-compose.yml}, run as Docker runs a {@code CMD-SHELL} check: with
 * {@code /bin/sh -c}, which is dash in the images used (Ubuntu and Debian), not bash. Each check must pass
 * against a running service and fail against a stopped one (nothing listening), using only programs its
 * image has.
 */
@DemoApplicationTest
class ComposeHealthChecksTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path DOCKERFILE = Path.of("Dockerfile");

    /**
     * Programs the upstream images ship, from their Dockerfiles: nginx:1.27 (nginxinc/docker-nginx,
     * mainline/debian: installs curl next to nginx) and postgres:15 (docker-library/postgres: the server
     * package brings postgresql-client with pg_isready, its bin directory is on PATH). Images built from our
     * Dockerfile are checked against what that file installs instead.
     */
    private static final Map<String, Set<String>> PROGRAMS_OF_UPSTREAM_IMAGES = Map.of(
            "nginx:1.27", Set.of("curl"),
            "postgres:15", Set.of("pg_isready"));

    /** Built into dash: no program needed. */
    private static final Set<String> SHELL_BUILTINS = Set.of("exit", "exec", "printf", "echo", "test", "[",
            "true", "false", "read", "cd");

    private static final String PORT_IN_CHECKS = "8080";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    record HealthCheck(String service, String image, String command) {
    }

    @Test
    void everyServiceHasAShellHealthCheck() {
        assertThat(healthChecks()).extracting(HealthCheck::service)
                .containsExactlyInAnyOrder("postgres", "cdn-1", "cdn-2", "entry");
    }

    @Test
    void nodeAndEntryChecksPassAgainstARunningNodeAndFailAgainstAStoppedOne() {
        List<HealthCheck> httpChecks = healthChecks().stream().filter(check -> !check.service().equals("postgres"))
                .toList();
        assertThat(httpChecks).hasSize(3);
        int stopped = freePort();
        for (HealthCheck check : httpChecks) {
            assertThat(check.command()).as(check.service()).contains(PORT_IN_CHECKS);
            // the entry point's check goes through nginx to a node: here straight to the running node
            Result running = dash(check.command().replace(PORT_IN_CHECKS, Integer.toString(port)), Map.of());
            assertThat(running.exitCode()).as(check.service() + " against a running node: " + running).isZero();
            Result down = dash(check.command().replace(PORT_IN_CHECKS, Integer.toString(stopped)), Map.of());
            assertThat(down.exitCode()).as(check.service() + " against a stopped node: " + down).isEqualTo(1);
        }
    }

    @Test
    void nodeCheckFailsWhileTheNodeRefusesTraffic() {
        HealthCheck node = healthChecks().stream().filter(check -> check.service().equals("cdn-1")).findFirst()
                .orElseThrow();
        String command = node.command().replace(PORT_IN_CHECKS, Integer.toString(port));
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            Result refusing = dash(command, Map.of());
            assertThat(refusing.exitCode()).as("while refusing traffic: " + refusing).isEqualTo(1);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(dash(command, Map.of()).exitCode()).isZero();
    }

    @Test
    void postgresCheckPassesAgainstARunningServerAndFailsWithoutOne() {
        HealthCheck postgres = healthChecks().stream().filter(check -> check.service().equals("postgres"))
                .findFirst().orElseThrow();
        assertThat(postgres.command()).contains("-h 127.0.0.1").doesNotContain("-p ");
        // the check names no port: the server's default 5432, here the local PostgreSQL 15 of the tests
        Result running = dash(postgres.command(), Map.of("PGPORT", Integer.toString(testPostgresPort())));
        assertThat(running.exitCode()).as("against the running PostgreSQL: " + running).isZero();
        Result down = dash(postgres.command(), Map.of("PGPORT", Integer.toString(freePort())));
        assertThat(down.exitCode()).as("against a stopped PostgreSQL: " + down).isNotZero();
    }

    @Test
    void everyCheckRunsOnlyProgramsItsImageHas() {
        Set<String> installedByDockerfile = packagesInstalledInFinalStage(read(DOCKERFILE));
        for (HealthCheck check : healthChecks()) {
            Set<String> available = check.image() == null ? installedByDockerfile
                    : PROGRAMS_OF_UPSTREAM_IMAGES.get(check.image());
            assertThat(available).as("known programs of image " + check.image() + " of " + check.service())
                    .isNotNull();
            assertThat(available).as(check.service() + ": " + check.command()).containsAll(programs(check.command()));
        }
    }

    @Test
    void programsOfACommandAreFoundAndBashOnlyRedirectionsAreCaught() {
        assertThat(programs("curl -fsS http://x/ || exit 1")).containsExactly("curl");
        assertThat(programs("exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'x' >&3 && head -1 <&3 | grep -q ' 200 '"))
                .containsExactly("head", "grep");
        assertThat(packagesInstalledInFinalStage("""
                FROM a AS build
                RUN apt-get install -y wget
                FROM b
                RUN apt-get update \\
                    && apt-get install -y --no-install-recommends curl jq \\
                    && rm -rf /var/lib/apt/lists/*
                """)).containsExactlyInAnyOrder("curl", "jq");
    }

    /** The CMD-SHELL health checks of the compose file's services (merge keys resolved). */
    @SuppressWarnings("unchecked")
    static List<HealthCheck> healthChecks() {
        Map<String, Object> compose = new Yaml().load(read(COMPOSE_FILE));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        List<HealthCheck> checks = new ArrayList<>();
        services.forEach((name, service) -> {
            Map<String, Object> healthcheck = (Map<String, Object>) service.get("healthcheck");
            if (healthcheck == null) {
                return;
            }
            List<String> test = (List<String>) healthcheck.get("test");
            assertThat(test).as(name + " health check").hasSize(2).first().isEqualTo("CMD-SHELL");
            checks.add(new HealthCheck(name, (String) service.get("image"), test.get(1)));
        });
        return checks;
    }

    /** The first word of each simple command, less shell builtins, redirections and variable assignments. */
    static Set<String> programs(String command) {
        Set<String> programs = new LinkedHashSet<>();
        for (String simple : command.split("&&|\\|\\||\\||;")) {
            Arrays.stream(simple.trim().split("\\s+"))
                    .filter(word -> !word.isEmpty() && !word.matches("[0-9]*[<>].*") && !word.matches("\\w+=.*"))
                    .findFirst()
                    .filter(word -> !SHELL_BUILTINS.contains(word))
                    .ifPresent(programs::add);
        }
        return programs;
    }

    /** The packages that {@code apt-get install} adds in the last stage of a Dockerfile. */
    static Set<String> packagesInstalledInFinalStage(String dockerfile) {
        String lastStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM ") + 1).replace("\\\n", " ");
        Set<String> packages = new LinkedHashSet<>();
        Matcher install = Pattern.compile("apt-get\\s+install\\s+([^&;\\n]*)").matcher(lastStage);
        while (install.find()) {
            Arrays.stream(install.group(1).trim().split("\\s+"))
                    .filter(word -> !word.isEmpty() && !word.startsWith("-"))
                    .forEach(packages::add);
        }
        return packages;
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command as Docker runs CMD-SHELL checks: {@code /bin/sh -c}, dash on Debian and Ubuntu. */
    static Result dash(String command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder("dash", "-c", command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("Still running after a minute: " + command);
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port of the tests' PostgreSQL server (-Ppostgres names it; else the local one on 5432). */
    private static int testPostgresPort() {
        String server = PostgresTestDatabases.server();
        if (server == null) {
            return 5432;
        }
        Matcher port = Pattern.compile("//127\\.0\\.0\\.1:(\\d+)/").matcher(server);
        assertThat(port.find()).as("the tests' PostgreSQL server is local: " + server).isTrue();
        return Integer.parseInt(port.group(1));
    }

    /** A port nothing listens on (it was free a moment ago): a stopped service. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
