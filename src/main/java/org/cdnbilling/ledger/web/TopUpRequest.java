package org.cdnbilling.ledger.web;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/**
 * {@code POST /admin/accounts/{ownerId}/top-ups}: money paid in, once per {@code reference} (the payment's id).
 * References of bills ({@code bill:...}) are the billing runs'; a top-up taking one would block that bill.
 */
record TopUpRequest(
        @NotNull @Positive @Digits(integer = 17, fraction = 2) @JsonDeserialize(using = AmountDeserializer.class)
        BigDecimal amount,
        @NotNull @Size(min = 1, max = 128)
        @Pattern(regexp = "\\p{Graph}(\\p{Print}*\\p{Graph})?",
                message = "must be printable ASCII characters, not starting or ending with a space")
        @Pattern(regexp = "(?!bill:).*", message = "must not start with bill: (the references of bills)")
        String reference) {

    /** The amount in cents ({@code 10} and {@code 10.0} are {@code 10.00}). */
    BigDecimal cents() {
        return amount.setScale(2);
    }
}
