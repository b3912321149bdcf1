package org.cdnbilling.demo;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Backend failures the demo profile simulates for chosen accounts, so that every failure path can be
 * walked through by hand.
 *
 * @param billingUnavailable accounts whose balance query fails as if billing were down
 * @param orderStoreUnavailable accounts whose order cannot be stored, as if the order database failed
 * @param provisioningFailures accounts whose provisioning fails this many times per order before it
 *     succeeds; a negative number fails every time
 * @param provisioningHangs accounts whose provisioning never answers, as a backend that hangs: the call
 *     waits until the activation gives up on it ({@code cdn.provisioning.timeout})
 * @param suspensionHangs accounts whose suspension for an overdue debt never answers (the control plane hangs
 *     while taking the service offline), until the overdue process gives up on the call
 */
@ConfigurationProperties("cdn.demo.faults")
public record DemoFaults(Set<Long> billingUnavailable, Set<Long> orderStoreUnavailable,
        Map<Long, Integer> provisioningFailures, Set<Long> provisioningHangs, Set<Long> suspensionHangs) {

    public DemoFaults {
        billingUnavailable = billingUnavailable == null ? Set.of() : Set.copyOf(billingUnavailable);
        orderStoreUnavailable = orderStoreUnavailable == null ? Set.of() : Set.copyOf(orderStoreUnavailable);
        provisioningFailures = provisioningFailures == null ? Map.of() : Map.copyOf(provisioningFailures);
        provisioningHangs = provisioningHangs == null ? Set.of() : Set.copyOf(provisioningHangs);
        suspensionHangs = suspensionHangs == null ? Set.of() : Set.copyOf(suspensionHangs);
    }
}
