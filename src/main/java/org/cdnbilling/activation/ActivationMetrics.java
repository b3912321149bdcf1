package org.cdnbilling.activation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What becomes of activations, for Prometheus ({@code /actuator/prometheus}):
 * <ul>
 * <li>{@code cdn_activations_total{outcome,code}}: {@code accepted} (the caller got 200 and an order),
 * {@code rejected} with the error {@code code} (refused in the caller's request, or later when the service
 * was opened meanwhile), {@code activated} (service opened), {@code cancelled} (by an operator);
 * {@code code} is {@code none} but for rejections.</li>
 * <li>{@code cdn_activation_request_seconds{outcome}}: how long callers wait for {@code OpenCdnService}.</li>
 * <li>{@code cdn_activation_time_seconds}: from an order's acceptance to its service being opened.</li>
 * </ul>
 * Outcomes inside a transaction are counted once it commits.
 */
@Component
public class ActivationMetrics {

    static final String ACTIVATIONS = "cdn.activations";
    static final String REQUEST = "cdn.activation.request";
    static final String ACTIVATION_TIME = "cdn.activation.time";
    private static final String NO_CODE = "none";

    private final MeterRegistry registry;
    private final Timer activationTime;

    ActivationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.activationTime = Timer.builder(ACTIVATION_TIME)
                .description("Time from an order's acceptance to its CDN service being opened")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(6))
                .register(registry);
        for (String outcome : new String[] {"accepted", "activated", "cancelled"}) {
            activations(outcome, NO_CODE);
        }
    }

    void accepted() {
        activations("accepted", NO_CODE).increment();
    }

    void rejected(String code) {
        activations("rejected", code).increment();
    }

    /** The service of an order accepted {@code sinceAccepted} ago was opened. */
    void activated(Duration sinceAccepted) {
        activations("activated", NO_CODE).increment();
        activationTime.record(sinceAccepted);
    }

    void cancelled() {
        activations("cancelled", NO_CODE).increment();
    }

    Timer.Sample startRequest() {
        return Timer.start(registry);
    }

    void requestDone(Timer.Sample sample, String outcome) {
        sample.stop(Timer.builder(REQUEST)
                .description("Time callers wait for OpenCdnService")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
    }

    /** Runs {@code count} once the current transaction commits (at once if there is none). */
    static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }

    private Counter activations(String outcome, String code) {
        return Counter.builder(ACTIVATIONS)
                .description("Activations by outcome; code is the error code of rejections")
                .tag("outcome", outcome)
                .tag("code", code)
                .register(registry);
    }
}
