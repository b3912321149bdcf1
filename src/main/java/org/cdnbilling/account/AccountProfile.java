package org.cdnbilling.account;

import java.math.BigDecimal;

/** What the account centre knows about an account, as synchronised into this service. */
public record AccountProfile(
        String ownerAccount,
        boolean realNameVerified,
        boolean profileComplete,
        Site site,
        boolean intlAllowed,
        boolean bidUser,
        boolean payMethodValid,
        BigDecimal balance) {
}
