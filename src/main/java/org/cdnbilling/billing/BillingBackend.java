package org.cdnbilling.billing;

import java.math.BigDecimal;
import java.util.Optional;

/** The billing system: it knows each account's available balance. */
public interface BillingBackend {

    /**
     * The available balance of an account, or empty if billing has no record of it.
     *
     * @throws BillingUnavailableException if billing cannot answer right now
     */
    Optional<BigDecimal> availableBalance(long ownerId);
}
