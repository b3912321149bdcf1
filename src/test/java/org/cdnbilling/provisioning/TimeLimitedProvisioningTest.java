package org.cdnbilling.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Calls to the provisioning backend end within the time limit, whatever the backend does. */
class TimeLimitedProvisioningTest {

    private static final ProvisioningRequest REQUEST = new ProvisioningRequest(7, 1011, InternetChargeType.PayByTraffic);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final CountDownLatch released = new CountDownLatch(1);
    private TimeLimitedProvisioning provisioning;

    @AfterEach
    void releaseHangingCalls() {
        released.countDown();
        provisioning.destroy();
    }

    @Test
    void answerInTimeIsReturnedWithTheCallersLogContext() {
        AtomicReference<String> requestIdSeenByBackend = new AtomicReference<>();
        provisioning = limited(request -> {
            requestIdSeenByBackend.set(MDC.get("RequestId"));
            return new ProvisionedService("cdn-" + request.ownerId());
        }, 2);

        try (var ignored = MDC.putCloseable("RequestId", "R-1")) {
            assertThat(provisioning.provision(REQUEST)).isEqualTo(new ProvisionedService("cdn-1011"));
        }
        assertThat(requestIdSeenByBackend).hasValue("R-1");
    }

    @Test
    void failureOfTheBackendReachesTheCallerAsItIs() {
        provisioning = limited(request -> {
            throw new ProvisioningException("control plane refused");
        }, 2);

        assertThatThrownBy(() -> provisioning.provision(REQUEST))
                .isExactlyInstanceOf(ProvisioningException.class).hasMessage("control plane refused");
    }

    @Test
    void hangingBackendIsAbandonedAfterTheTimeoutAndInterrupted() {
        AtomicBoolean interrupted = new AtomicBoolean();
        provisioning = limited(request -> {
            try {
                released.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            throw new ProvisioningException("abandoned");
        }, 2);

        // the message of the time limit, not of a failed or rejected call: the caller gave up after the timeout
        assertThatThrownBy(() -> provisioning.provision(REQUEST))
                .isInstanceOf(ProvisioningTimeoutException.class).hasMessage("did not answer within 300 ms");

        await().atMost(Duration.ofSeconds(30)).untilTrue(interrupted);
    }

    @Test
    void whenEveryCallStillHangsTheNextFailsAtOnce() {
        AtomicInteger callsReachingTheBackend = new AtomicInteger();
        provisioning = limited(request -> {
            callsReachingTheBackend.incrementAndGet();
            while (true) {
                try {
                    released.await();
                    return new ProvisionedService("late");
                } catch (InterruptedException e) {
                    // a backend that ignores interrupts keeps its thread
                }
            }
        }, 1);
        assertThatThrownBy(() -> provisioning.provision(REQUEST)).isInstanceOf(ProvisioningTimeoutException.class);

        // refused without being started, so without waiting for the time limit (which would raise "did not
        // answer within 300 ms" instead)
        assertThatThrownBy(() -> provisioning.provision(REQUEST))
                .isInstanceOf(ProvisioningTimeoutException.class)
                .hasMessage("did not answer: all 1 calls it may have at once are still waiting");
        assertThat(callsReachingTheBackend).hasValue(1);
    }

    private static TimeLimitedProvisioning limited(ProvisioningBackend backend, int maxConcurrentCalls) {
        return new TimeLimitedProvisioning(backend, NOT_CALLED, new ProvisioningSettings(TIMEOUT, maxConcurrentCalls));
    }

    /** These tests provision only. */
    private static final ServiceSuspensionBackend NOT_CALLED = new ServiceSuspensionBackend() {
        @Override
        public void suspend(ServiceStateChange change) {
            throw new AssertionError("not expected: suspend " + change);
        }

        @Override
        public void resume(ServiceStateChange change) {
            throw new AssertionError("not expected: resume " + change);
        }
    };
}
