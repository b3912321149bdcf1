package org.cdnbilling.metering;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any database (H2): the stored samples of the batch's keys are read in one query per 500 accounts, compared in
 * Java, and the new ones inserted in one JDBC batch ({@link UsageSampleStore}).
 */
final class PortableSampleWriter implements SampleWriter {

    private final UsageSampleStore store;

    PortableSampleWriter(UsageSampleStore store) {
        this.store = store;
    }

    @Override
    public int storeNew(List<UsageSample> distinct, int[] postedIndex, Instant receivedAt) {
        Map<UsageSample.Key, UsageSample> stored = store.storedFor(distinct);
        List<SampleProblem> conflicts = new ArrayList<>();
        List<UsageSample> fresh = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i++) {
            UsageSample sample = distinct.get(i);
            UsageSample existing = stored.get(sample.key());
            if (existing == null) {
                fresh.add(sample);
            } else if (!existing.equals(sample)) {
                conflicts.add(SampleProblem.differsFromStored(postedIndex[i], existing.bytes(),
                        existing.peakBps()));
            }
        }
        if (!conflicts.isEmpty()) {
            throw new UsageConflictException(conflicts);
        }
        store.insert(fresh, receivedAt);
        return fresh.size();
    }
}
