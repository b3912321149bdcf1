package org.cdnbilling.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which version is in force when: the latest whose effectiveFrom is not after the instant. */
class PriceBookVersionsTest {

    private static final Instant CHANGE = Instant.parse("2026-12-08T05:00:00Z");
    private static final PriceBookVersion ONE = version(1, PriceBooks.BEGINNING);
    private static final PriceBookVersion TWO = version(2, CHANGE);
    private static final PriceBookVersion THREE = version(3, CHANGE.plusSeconds(3600 * 24));

    @Test
    void anHourUsesTheVersionInForceAtItsStartABeijingDayTheOneAtTheDaysStart() {
        PriceBookVersions versions = new PriceBookVersions(List.of(THREE, ONE, TWO));

        assertThat(versions.all()).containsExactly(ONE, TWO, THREE);
        assertThat(versions.inForceAt(CHANGE.minusSeconds(3600))).isEqualTo(ONE);
        assertThat(versions.inForceAt(CHANGE)).isEqualTo(TWO);
        assertThat(versions.inForceAt(CHANGE.plusSeconds(3599))).isEqualTo(TWO);
        // the Beijing day 2026-12-08 starts at 2026-12-07T16:00:00Z, before the change at 05:00Z: the old prices;
        // the next day, from 2026-12-08T16:00:00Z, the new ones
        assertThat(versions.inForceAt(Instant.parse("2026-12-07T16:00:00Z"))).isEqualTo(ONE);
        assertThat(versions.inForceAt(Instant.parse("2026-12-08T16:00:00Z"))).isEqualTo(TWO);
        assertThat(versions.inForceAt(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo(ONE);
        assertThat(versions.inForceAt(THREE.effectiveFrom().plusSeconds(86_400 * 400))).isEqualTo(THREE);
        assertThat(versions.latest()).isEqualTo(THREE);
    }

    @Test
    void withoutAVersionNothingIsRated() {
        assertThatThrownBy(() -> new PriceBookVersions(List.of())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new PriceBookVersions(List.of(TWO)).inForceAt(CHANGE.minusSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no price book version");
    }

    private static PriceBookVersion version(int number, Instant effectiveFrom) {
        return new PriceBookVersion(number, effectiveFrom, PriceBook.defaults(), effectiveFrom);
    }
}
