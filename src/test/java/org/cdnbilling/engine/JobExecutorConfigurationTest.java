package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The job executor never gets more threads than the pool has connections left after the callers' reserve. */
class JobExecutorConfigurationTest {

    @Test
    void threadsAreCappedByThePoolLessTheReserve() {
        assertThat(JobExecutorConfiguration.threadsLeavingReserve(10, 10, 2)).isEqualTo(8);
        assertThat(JobExecutorConfiguration.threadsLeavingReserve(10, 4, 2)).isEqualTo(2);
        assertThat(JobExecutorConfiguration.threadsLeavingReserve(3, 20, 2)).isEqualTo(3);
    }

    @Test
    void aPoolThatLeavesJobsNoConnectionStopsTheStartUp() {
        assertThatThrownBy(() -> JobExecutorConfiguration.threadsLeavingReserve(10, 2, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cdn.engine.connections-reserved-for-callers");
    }
}
