package org.cdnbilling.bench.billing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One Beijing day of 5-minute CN samples for a range of accounts, the same values for the application (JSON
 * batches for {@code POST /admin/usage}) and for the baseline (PostgreSQL COPY text). A sample's values depend
 * only on its account and interval, so both sides load exactly the same rows.
 *
 * @param dayStart the day's start, 00:00 Beijing time (16:00Z the day before)
 */
record UsageDay(long firstOwnerId, int accounts, Instant dayStart) {

    static final int INTERVALS = 288;
    static final Duration INTERVAL = Duration.ofMinutes(5);
    private static final DateTimeFormatter COPY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
            .withZone(ZoneOffset.UTC);

    /** The last Beijing day that has ended by {@code now}. */
    static Instant lastClosedBeijingDay(Instant now) {
        Instant todayStart = now.atOffset(ZoneOffset.ofHours(8)).toLocalDate().atStartOfDay()
                .toInstant(ZoneOffset.ofHours(8));
        return todayStart.minus(Duration.ofDays(1));
    }

    Instant dayEnd() {
        return dayStart.plus(Duration.ofDays(1));
    }

    long lastOwnerId() {
        return firstOwnerId + accounts - 1;
    }

    long samples() {
        return (long) accounts * INTERVALS;
    }

    static long bytes(long ownerId, int interval) {
        // up to 2 GiB per five minutes, varying by account and interval
        long mixed = (ownerId * 2_654_435_761L + interval * 40_503L) & 0x7fffffffL;
        return mixed;
    }

    static long peakBps(long ownerId, int interval) {
        return bytes(ownerId, interval) * 8 / 300 * (10 + interval % 7) / 10;
    }

    /**
     * The day as request bodies of at most {@code maxSamples}: {@code byAccounts} puts whole days of as many
     * accounts as fit into a batch (9,792 samples of 34 accounts), otherwise a batch is one interval of up to
     * {@code maxSamples} accounts (the shape of a pipeline reporting every five minutes).
     */
    List<byte[]> jsonBatches(int maxSamples, boolean byAccounts) {
        List<byte[]> batches = new ArrayList<>();
        jsonBatches(maxSamples, byAccounts, batches::add);
        return batches;
    }

    /** The same request bodies, each handed to {@code sink} as soon as it is made (at 100,000 accounts 2.9 GB). */
    void jsonBatches(int maxSamples, boolean byAccounts, java.util.function.Consumer<byte[]> sink) {
        String[] starts = new String[INTERVALS];
        for (int k = 0; k < INTERVALS; k++) {
            starts[k] = "\",\"start\":\"" + dayStart.plus(INTERVAL.multipliedBy(k)) + "\",\"bytes\":";
        }
        StringBuilder body = new StringBuilder(maxSamples * 110);
        if (byAccounts) {
            int perBatch = Math.max(1, maxSamples / INTERVALS);
            for (int from = 0; from < accounts; from += perBatch) {
                body.setLength(0);
                body.append("{\"samples\":[");
                boolean first = true;
                for (int a = from; a < Math.min(accounts, from + perBatch); a++) {
                    for (int k = 0; k < INTERVALS; k++) {
                        first = sample(body, first, firstOwnerId + a, k, starts);
                    }
                }
                sink.accept(body.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
            }
        } else {
            for (int k = 0; k < INTERVALS; k++) {
                for (int from = 0; from < accounts; from += maxSamples) {
                    body.setLength(0);
                    body.append("{\"samples\":[");
                    boolean first = true;
                    for (int a = from; a < Math.min(accounts, from + maxSamples); a++) {
                        first = sample(body, first, firstOwnerId + a, k, starts);
                    }
                    sink.accept(body.append("]}").toString().getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private static boolean sample(StringBuilder body, boolean first, long ownerId, int k, String[] starts) {
        if (!first) {
            body.append(',');
        }
        body.append("{\"ownerId\":").append(ownerId).append(",\"region\":\"CN").append(starts[k])
                .append(bytes(ownerId, k)).append(",\"peakBps\":").append(peakBps(ownerId, k)).append('}');
        return false;
    }

    /**
     * The day as COPY text rows {@code owner_id region start_at bytes peak_bps received_at}, in chunks of
     * about a megabyte.
     */
    List<byte[]> copyChunks(Instant receivedAt) {
        List<byte[]> chunks = new ArrayList<>();
        copyChunks(receivedAt, chunks::add);
        return chunks;
    }

    /** The same chunks, each handed to {@code sink} as soon as it is made. */
    void copyChunks(Instant receivedAt, java.util.function.Consumer<byte[]> sink) {
        String[] starts = new String[INTERVALS];
        for (int k = 0; k < INTERVALS; k++) {
            starts[k] = "\tCN\t" + COPY_TIME.format(dayStart.plus(INTERVAL.multipliedBy(k))) + "\t";
        }
        String received = "\t" + COPY_TIME.format(receivedAt) + "\n";
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(1 << 20);
        StringBuilder row = new StringBuilder(128);
        for (int a = 0; a < accounts; a++) {
            long ownerId = firstOwnerId + a;
            for (int k = 0; k < INTERVALS; k++) {
                row.setLength(0);
                row.append(ownerId).append(starts[k]).append(bytes(ownerId, k)).append('\t')
                        .append(peakBps(ownerId, k)).append(received);
                byte[] bytes = row.toString().getBytes(StandardCharsets.US_ASCII);
                chunk.write(bytes, 0, bytes.length);
            }
            if (chunk.size() >= 1 << 20) {
                sink.accept(chunk.toByteArray());
                chunk.reset();
            }
        }
        if (chunk.size() > 0) {
            sink.accept(chunk.toByteArray());
        }
    }
}
