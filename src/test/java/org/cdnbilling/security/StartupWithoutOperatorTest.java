package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.cdnbilling.CdnBillingApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Without CDN_ADMIN_USER / CDN_ADMIN_PASSWORD the service refuses to start and says what to set. */
class StartupWithoutOperatorTest {

    @Test
    void refusesToStartAndNamesTheVariablesToSet() {
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(CdnBillingApplication.class)
                .properties("server.port=0", "spring.datasource.url=jdbc:h2:mem:no-operator",
                        "cdn.operator.user=", "cdn.operator.password=")
                .run());

        assertThat(failure).isNotNull();
        BindException bindFailure = findCause(failure, BindException.class);
        FailureAnalysis analysis = new MissingOperatorFailureAnalyzer().analyze(failure);
        assertThat(bindFailure).isNotNull();
        assertThat(analysis).isNotNull();
        assertThat(analysis.getAction()).contains("CDN_ADMIN_USER").contains("CDN_ADMIN_PASSWORD");
    }

    private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
