package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cdnbilling.CdnBillingApplication;
import org.junit.jupiter.api.Test;

/**
 * Without CDN_ADMIN_USER / CDN_ADMIN_PASSWORD the service refuses to start and says what to set. Started
 * as a JVM of its own, like {@code java -jar}, with no profile.
 */
class StartupWithoutOperatorTest {

    @Test
    void withoutOperatorItRefusesToStartAndNamesTheVariablesToSet() throws IOException, InterruptedException {
        String output = startExpectingFailure(Map.of("CDN_SECRET_KEY", "a-secret-key-of-more-than-32-characters"));

        assertThat(output).contains("No operator account is configured")
                .contains("Set the environment variables CDN_ADMIN_USER and CDN_ADMIN_PASSWORD");
    }

    @Test
    void withoutSecretKeyItRefusesToStartAndNamesTheVariableToSet() throws IOException, InterruptedException {
        String output = startExpectingFailure(Map.of("CDN_ADMIN_USER", "operator", "CDN_ADMIN_PASSWORD", "pw"));

        assertThat(output).contains("No key to encrypt AccessKeySecrets")
                .contains("Set the environment variable CDN_SECRET_KEY");
    }

    private static String startExpectingFailure(Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder java = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                CdnBillingApplication.class.getName(),
                "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:no-settings")
                .redirectErrorStream(true);
        java.environment().keySet().removeIf(name -> name.startsWith("CDN_") || name.startsWith("SPRING_"));
        java.environment().putAll(environment);

        Process process = java.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);

        assertThat(ended).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START");
        return output;
    }
}
