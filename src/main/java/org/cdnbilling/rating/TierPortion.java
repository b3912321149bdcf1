package org.cdnbilling.rating;

import java.math.BigDecimal;

/**
 * The part of a line priced at one tier.
 *
 * @param tier 1 for the first tier
 * @param quantity in the line's unit (GB or Mbps), exact
 * @param unitPrice per unit, in the price book's currency
 * @param amount {@code quantity × unitPrice}, exact
 */
public record TierPortion(int tier, BigDecimal quantity, BigDecimal unitPrice, BigDecimal amount) {
}
