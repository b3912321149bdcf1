package org.cdnbilling.metering;

import java.time.Instant;
import java.util.List;

/**
 * Stores a checked batch in the caller's transaction: the samples not stored yet, with their hours' unbilled
 * marks ({@code unbilled_usage}, V13__bills.sql), written in the same transaction. PostgreSQL COPYs the batch
 * ({@link PostgresSampleWriter}); other databases look the keys up and insert in a JDBC batch
 * ({@link PortableSampleWriter}).
 */
interface SampleWriter {

    /**
     * @param distinct the batch's samples, each key once, in posted order
     * @param postedIndex each distinct sample's index in the posted batch (the first of its key), to name it
     * @return how many of {@code distinct} were stored now; the others were stored already with the same values
     * @throws UsageConflictException if a stored sample has another value for a key of the batch (nothing stored)
     * @throws org.springframework.dao.DuplicateKeyException if a racing batch stored one of the keys meanwhile
     *         (the caller tries again and then finds it)
     */
    int storeNew(List<UsageSample> distinct, int[] postedIndex, Instant receivedAt);
}
