package org.cdnbilling.account.web;

import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.cdnbilling.account.AccountProfile;
import org.cdnbilling.account.Site;

/** The account centre's view of one account, as sent to {@code PUT /admin/accounts/{ownerId}}. */
record AccountSyncRequest(
        @Size(min = 1, max = 128) @Pattern(regexp = "[\\p{Graph}]+", message = "must be printable, without spaces")
        String ownerAccount,
        @NotNull Boolean realNameVerified,
        @NotNull Boolean profileComplete,
        @NotNull Site site,
        @NotNull Boolean intlAllowed,
        @NotNull Boolean bidUser,
        @NotNull Boolean payMethodValid,
        @NotNull @Digits(integer = 17, fraction = 2) BigDecimal balance) {

    AccountProfile toProfile() {
        return new AccountProfile(ownerAccount, realNameVerified, profileComplete, site, intlAllowed, bidUser,
                payMethodValid, balance);
    }
}
