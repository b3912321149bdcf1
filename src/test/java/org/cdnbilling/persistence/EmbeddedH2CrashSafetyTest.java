package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded H2 database of the default profile (application.yml, used when no database is configured)
 * keeps every committed transaction through a process crash: H2 otherwise writes commits to its file up to
 * half a second later (its WRITE_DELAY), and a SIGKILL in that window loses orders already answered as
 * accepted. The demo profile keeps H2's default delay (docs/performance.md); production runs on PostgreSQL.
 */
class EmbeddedH2CrashSafetyTest {

    private static final String DEFAULT_FILE = "jdbc:h2:file:./data/cdn;";

    @TempDir
    Path folder;

    @Test
    void commitsOfTheDefaultProfileSurviveAProcessKilledRightAfterThem() throws Exception {
        String configured = defaultProfileDatabaseUrl();
        assertThat(configured).startsWith(DEFAULT_FILE);
        String url = "jdbc:h2:file:" + folder.resolve("cdn") + ";" + configured.substring(DEFAULT_FILE.length());

        Process crashing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2CommitThenHalt.class.getName(), url)
                .redirectErrorStream(true).start();
        String output;
        try {
            assertThat(crashing.waitFor(60, TimeUnit.SECONDS)).as("the committing process ended").isTrue();
            output = new String(crashing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            crashing.destroyForcibly();
        }
        assertThat(output).contains("committed " + H2CommitThenHalt.ROWS);
        assertThat(crashing.exitValue()).isEqualTo(137);

        assertThat(countRows(url)).as("committed rows found after the crash").isEqualTo(H2CommitThenHalt.ROWS);
    }

    private static String defaultProfileDatabaseUrl() throws IOException {
        PropertySource<?> defaults = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml")).get(0);
        return (String) defaults.getProperty("spring.datasource.url");
    }

    /** The rows found after the crash (none if even the table was lost). */
    private static long countRows(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            if (count(connection, "select count(*) from information_schema.tables"
                    + " where table_name = 'ACCEPTED_ORDER'") == 0) {
                return 0;
            }
            return count(connection, "select count(*) from accepted_order");
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet count = statement.executeQuery(sql)) {
            count.next();
            return count.getLong(1);
        }
    }
}
