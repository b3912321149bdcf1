package org.cdnbilling.gateway;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Admits a call in one statement and one transaction on PostgreSQL, shared by every node: the nonce is checked
 * unused, the user's window ({@code flow_limit_window}, V34) counts the call, and the nonce is recorded if the
 * window had a call left. Before, the same took a read of the nonce, Bucket4j's locking read, insert and update of
 * the bucket row in up to two transactions, and the nonce's own transaction: about 12 statements and three commits
 * per call (docs/performance.md, "PostgreSQL").
 * <p>
 * A window opens at the first call after the last one ended and lasts the flow-limit period; it admits
 * {@link CallLimit#calls()} calls, and a call that finds it spent is refused without recording its nonce (it counts,
 * up to the limit + 1, so nothing grows). Concurrent calls of one user wait for each other on the window's row for
 * the statement's commit only. Two calls with the same nonce at once: both find it unused, the second's insert waits
 * for the first's commit and then finds it recorded (the budget it counted is spent; no nonce of its own is stored).
 * A nonce that expired may be used again before the minutely purge removed it, as {@link NonceRegistry} allows.
 */
final class PostgresAdmissions implements Admissions {

    private static final Logger log = LoggerFactory.getLogger(PostgresAdmissions.class);
    private static final int REMOVAL_BATCH = 1_000;

    private static final String NONCE_USED = """
            select 1 from signature_nonce where access_key_id = ? and nonce = ? and expires_at >= ?""";
    /** Counts the call in its window: a window still open gains a call, an ended one starts again at this one. */
    private static final String SPEND = """
            insert into flow_limit_window as w (id, window_start, used, expires_at)
            select ?, ?, 1, ? %s
            on conflict (id) do update set
                used = case when w.window_start > ? then least(w.used + 1, ?) else 1 end,
                window_start = case when w.window_start > ? then w.window_start else excluded.window_start end,
                expires_at = case when w.window_start > ? then w.expires_at else excluded.expires_at end
            returning w.used""";
    private static final String RECORD = """
            insert into signature_nonce as n (access_key_id, nonce, expires_at)
            select ?, ?, ? %s
            on conflict (access_key_id, nonce) do update set expires_at = excluded.expires_at where n.expires_at < ?
            returning 1""";

    private static final String NONCE_AND_LIMIT = "with used_nonce as (" + NONCE_USED + "), spent as ("
            + SPEND.formatted("where not exists (select 1 from used_nonce)") + "), recorded as ("
            + RECORD.formatted("from spent where spent.used <= ?") + ")"
            + " select (select count(*) from used_nonce), (select max(used) from spent), (select count(*) from recorded)";
    private static final String NONCE_ONLY = "with used_nonce as (" + NONCE_USED + "), recorded as ("
            + RECORD.formatted("where not exists (select 1 from used_nonce)") + ")"
            + " select (select count(*) from used_nonce), 0, (select count(*) from recorded)";
    private static final String LIMIT_ONLY = SPEND.formatted("");

    private final JdbcTemplate jdbc;
    private final NonceRegistry nonces;
    private final GatewaySettings settings;
    private final Clock clock;

    PostgresAdmissions(JdbcTemplate jdbc, NonceRegistry nonces, GatewaySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.nonces = nonces;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public Verdict admit(SignatureNonce nonce, CallLimit limit) {
        Instant now = clock.instant();
        if (nonce == null) {
            if (limit == null) {
                return Verdict.ADMITTED;
            }
            Integer used = jdbc.queryForObject(LIMIT_ONLY, Integer.class, spendArguments(limit, now.toEpochMilli()));
            return used != null && used <= limit.calls() ? Verdict.ADMITTED : Verdict.THROTTLED;
        }
        Timestamp at = Timestamp.from(now);
        Timestamp expiresAt = Timestamp.from(nonces.expiresAt(nonce, now));
        Object[] check = {nonce.accessKeyId(), nonce.nonce(), at};
        Object[] record = {nonce.accessKeyId(), nonce.nonce(), expiresAt};
        return jdbc.queryForObject(limit == null ? NONCE_ONLY : NONCE_AND_LIMIT, (row, i) -> {
            if (row.getLong(1) > 0) {
                return Verdict.NONCE_USED;
            }
            if (limit != null && row.getLong(2) > limit.calls()) {
                return Verdict.THROTTLED;
            }
            return row.getLong(3) == 1 ? Verdict.ADMITTED : Verdict.NONCE_USED;
        }, limit == null
                ? concat(check, record, new Object[] {at})
                : concat(check, spendArguments(limit, now.toEpochMilli()), record,
                        new Object[] {limit.calls(), at}));
    }

    /** The window's parameters of {@link #SPEND}. */
    private Object[] spendArguments(CallLimit limit, long nowMillis) {
        long periodMillis = limit.period().toMillis();
        long openSince = nowMillis - periodMillis;
        long expiresAt = nowMillis + periodMillis + settings.flowLimitRetention().toMillis();
        return new Object[] {limit.key(), nowMillis, expiresAt, openSince, limit.calls() + 1, openSince, openSince};
    }

    private static Object[] concat(Object[]... parts) {
        int length = 0;
        for (Object[] part : parts) {
            length += part.length;
        }
        Object[] all = new Object[length];
        int at = 0;
        for (Object[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** Removes the windows that ended (plus the retention): their rows mean the same as none. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void removeExpired() {
        int removed;
        int total = 0;
        do {
            removed = jdbc.update("delete from flow_limit_window where id in (select id from flow_limit_window"
                    + " where expires_at < ? limit " + REMOVAL_BATCH + " for update skip locked)",
                    clock.millis());
            total += removed;
        } while (removed == REMOVAL_BATCH);
        if (total > 0) {
            log.debug("Removed {} ended flow-limit windows", total);
        }
    }
}
