package org.cdnbilling.gateway;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Remembers the signature nonces of each AccessKey in the database, so every node of a cluster refuses a
 * replay. A nonce stays used until the later of its first use + {@code cdn.gateway.nonce-window} and its
 * request's timestamp + {@code cdn.gateway.timestamp-tolerance}: for as long as the signed request would be
 * accepted, a replay is refused, even when it was stamped ahead of the clock or the window is short. Here (H2,
 * {@link StepwiseAdmissions}) a nonce is recorded in a transaction of its own; on PostgreSQL
 * {@link PostgresAdmissions} records it in its one statement, in autocommit (the RPC API calls it outside any
 * transaction). Either way it stays used whatever becomes of the call.
 */
@Component
class NonceRegistry {

    private static final Logger log = LoggerFactory.getLogger(NonceRegistry.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final GatewaySettings settings;
    private final Clock clock;

    NonceRegistry(JdbcTemplate jdbc, PlatformTransactionManager transactions, GatewaySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the key used the nonce and it has not expired yet; reads only. */
    boolean isUsed(SignatureNonce nonce) {
        Integer unexpired = jdbc.queryForObject(
                "select count(*) from signature_nonce where access_key_id = ? and nonce = ? and expires_at >= ?",
                Integer.class, nonce.accessKeyId(), nonce.nonce(), Timestamp.from(clock.instant()));
        return unexpired != null && unexpired > 0;
    }

    /** Records the nonce as used; false if the key used it already and it has not expired. */
    boolean record(SignatureNonce nonce) {
        Instant now = clock.instant();
        Instant expiresAt = expiresAt(nonce, now);
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "insert into signature_nonce (access_key_id, nonce, expires_at) values (?, ?, ?)",
                    nonce.accessKeyId(), nonce.nonce(), Timestamp.from(expiresAt)));
            return true;
        } catch (DuplicateKeyException e) {
            return recordOverExpired(nonce, now, expiresAt);
        }
    }

    /** Until when a nonce recorded now stays used. */
    Instant expiresAt(SignatureNonce nonce, Instant now) {
        return later(now.plus(settings.nonceWindow()), nonce.timestamp().plus(settings.timestampTolerance()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** An expired nonce may be used again, even before the periodic purge removed it. */
    private boolean recordOverExpired(SignatureNonce nonce, Instant now, Instant expiresAt) {
        Integer updated = ownTransaction.execute(status -> jdbc.update(
                "update signature_nonce set expires_at = ? where access_key_id = ? and nonce = ? and expires_at < ?",
                Timestamp.from(expiresAt), nonce.accessKeyId(), nonce.nonce(), Timestamp.from(now)));
        return updated != null && updated == 1;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void purgeExpired() {
        int purged = jdbc.update("delete from signature_nonce where expires_at < ?", Timestamp.from(clock.instant()));
        if (purged > 0) {
            log.debug("Purged {} expired signature nonces", purged);
        }
    }
}
