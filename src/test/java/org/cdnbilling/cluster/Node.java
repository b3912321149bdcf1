package org.cdnbilling.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.cdnbilling.CdnBillingApplication;
import org.cdnbilling.support.HttpTestClient;
import org.awaitility.Awaitility;

/** One node of the service in a JVM of its own, on a shared PostgreSQL database, with the demo profile. */
final class Node implements AutoCloseable {

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private Node(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static Node start(String name, String databaseUrl, String... extraArguments) throws IOException {
        return start(name, databaseUrl, List.of(), extraArguments);
    }

    /**
     * A node whose classpath starts with {@code firstOnClasspath}: a directory there holding {@code processes/}
     * makes its diagrams the ones this node ships (a node of another release, {@code RollingUpgradeTest}).
     */
    static Node start(String name, String databaseUrl, List<Path> firstOnClasspath, String... extraArguments)
            throws IOException {
        int port = freePort();
        Path log = Files.createTempFile("cdn-node-" + name + "-", ".log");
        List<String> classpath = new ArrayList<>(firstOnClasspath.stream().map(Path::toString).toList());
        classpath.add(System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", String.join(java.io.File.pathSeparator, classpath),
                CdnBillingApplication.class.getName(),
                "--spring.profiles.active=demo",
                "--server.port=" + port,
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--camunda.bpm.generic-properties.properties.hostname=" + name,
                "--camunda.bpm.job-execution.lock-time-in-millis=10000"));
        command.addAll(List.of(extraArguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("CDN_") || key.startsWith("SPRING_"));
        return new Node(name, port, log, builder.start());
    }

    HttpTestClient client() {
        return new HttpTestClient(port);
    }

    Node awaitReady() {
        try {
            Awaitility.await(name + " ready").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .failFast(name + " died", () -> !process.isAlive())
                    .ignoreExceptions()
                    .until(() -> client().admin("GET", "/admin/accounts/1001", null, "demo", "demo").status() == 200);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " did not become ready; the end of its log (" + log + "):\n"
                    + logTail(), e);
        }
        return this;
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hooks, no graceful anything. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
