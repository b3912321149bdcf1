package org.cdnbilling.bench.bare;

import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The baseline: a plain Camunda 7.24 engine as the Spring Boot starter sets it up by default (history level
 * full, job executor defaults, Hikari defaults, auto-deployment of the classpath's diagrams). The only
 * settings given are the database: the H2 file, next to the application's, or ({@code bench/run --postgres}) a
 * fresh PostgreSQL database of its own. It deploys the application's own diagram
 * ({@code bare/cdn-activation.bpmn}, copied by the build) with delegates that do nothing.
 */
@SpringBootApplication
public class BareEngineApplication {

    private static final JavaDelegate NO_OP = execution -> { };

    @Bean
    JavaDelegate verifyProfileDelegate() {
        return NO_OP;
    }

    @Bean
    JavaDelegate verifyPaymentMethodDelegate() {
        return NO_OP;
    }

    @Bean
    JavaDelegate checkBalanceDelegate() {
        return NO_OP;
    }

    @Bean
    JavaDelegate createOrderDelegate() {
        return NO_OP;
    }

    @Bean
    JavaDelegate activateCdnServiceDelegate() {
        return NO_OP;
    }

    /** {@code ${activationSettings.retryCycle}} in the diagram: the application's demo value. */
    @Bean
    RetrySettings activationSettings() {
        return new RetrySettings();
    }

    public static class RetrySettings {
        public String getRetryCycle() {
            return "R3/PT2S";
        }
    }
}
