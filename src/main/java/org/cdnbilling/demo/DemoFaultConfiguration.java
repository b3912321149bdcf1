package org.cdnbilling.demo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.cdnbilling.billing.BillingBackend;
import org.cdnbilling.billing.BillingUnavailableException;
import org.cdnbilling.order.JpaOrderBook;
import org.cdnbilling.order.OrderBook;
import org.cdnbilling.provisioning.ProvisioningBackend;
import org.cdnbilling.provisioning.ProvisioningException;
import org.cdnbilling.provisioning.ServiceStateChange;
import org.cdnbilling.provisioning.ServiceSuspensionBackend;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Profile;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * In the demo profile, wraps the real backends so that the accounts named in {@link DemoFaults} fail the
 * way a real outage would: the same exceptions, caught by the same code.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class DemoFaultConfiguration {

    @Bean
    @Primary
    BillingBackend demoFaultyBilling(@Qualifier("accountLedgerBilling") BillingBackend billing, DemoFaults faults) {
        return ownerId -> {
            if (faults.billingUnavailable().contains(ownerId)) {
                throw new BillingUnavailableException("billing did not answer for account " + ownerId);
            }
            return billing.availableBalance(ownerId);
        };
    }

    @Bean
    @Primary
    OrderBook demoFaultyOrderBook(JpaOrderBook orderBook, DemoFaults faults) {
        return (ownerId, chargeType, requestId) -> {
            if (faults.orderStoreUnavailable().contains(ownerId)) {
                throw new DataAccessResourceFailureException("order store unavailable for account " + ownerId);
            }
            return orderBook.place(ownerId, chargeType, requestId);
        };
    }

    @Bean
    @Primary
    ProvisioningBackend demoFaultyProvisioning(
            @Qualifier("inProcessProvisioningBackend") ProvisioningBackend provisioning, DemoFaults faults) {
        Map<Long, AtomicInteger> attemptsByOrder = new ConcurrentHashMap<>();
        return request -> {
            if (faults.provisioningHangs().contains(request.ownerId())) {
                hangUntilAbandoned();
            }
            Integer failures = faults.provisioningFailures().get(request.ownerId());
            if (failures != null) {
                int attempt = attemptsByOrder.computeIfAbsent(request.orderId(), id -> new AtomicInteger())
                        .incrementAndGet();
                if (failures < 0 || attempt <= failures) {
                    throw new ProvisioningException("connection to the CDN control plane timed out (attempt "
                            + attempt + ")");
                }
            }
            return provisioning.provision(request);
        };
    }

    /**
     * Only where suspensions are told to hang ({@code cdn.demo.faults.suspension-hangs}, e.g. a node of the crash
     * tests): the control plane hangs while it takes those accounts' services offline.
     */
    @Bean
    @Primary
    @ConditionalOnProperty(prefix = "cdn.demo.faults", name = "suspension-hangs")
    ServiceSuspensionBackend demoHangingSuspensions(
            @Qualifier("inProcessProvisioningBackend") ServiceSuspensionBackend suspensions, DemoFaults faults) {
        return new ServiceSuspensionBackend() {
            @Override
            public void suspend(ServiceStateChange change) {
                if (faults.suspensionHangs().contains(change.ownerId())) {
                    hangUntilAbandoned();
                }
                suspensions.suspend(change);
            }

            @Override
            public void resume(ServiceStateChange change) {
                suspensions.resume(change);
            }
        };
    }

    /** Answers nothing until the caller gives up on the call and interrupts it. */
    private static void hangUntilAbandoned() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new ProvisioningException("the call was abandoned before the CDN control plane answered");
    }
}
