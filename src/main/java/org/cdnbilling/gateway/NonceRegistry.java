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
 * replay. A nonce is recorded in a transaction of its own: it stays used whatever becomes of the call.
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

    /** Records the nonce; false if this key used it within the window already. */
    boolean firstUse(String accessKeyId, String nonce) {
        Instant expiresAt = clock.instant().plus(settings.nonceWindow());
        try {
            ownTransaction.executeWithoutResult(status -> jdbc.update(
                    "insert into signature_nonce (access_key_id, nonce, expires_at) values (?, ?, ?)",
                    accessKeyId, nonce, Timestamp.from(expiresAt)));
            return true;
        } catch (DuplicateKeyException e) {
            return expiredOccupant(accessKeyId, nonce) && firstUseAfterPurge(accessKeyId, nonce, expiresAt);
        }
    }

    /** A nonce older than the window may be used again, even before the periodic purge removed it. */
    private boolean expiredOccupant(String accessKeyId, String nonce) {
        Integer expired = jdbc.queryForObject(
                "select count(*) from signature_nonce where access_key_id = ? and nonce = ? and expires_at < ?",
                Integer.class, accessKeyId, nonce, Timestamp.from(clock.instant()));
        return expired != null && expired > 0;
    }

    private boolean firstUseAfterPurge(String accessKeyId, String nonce, Instant expiresAt) {
        Integer updated = ownTransaction.execute(status -> jdbc.update(
                "update signature_nonce set expires_at = ? where access_key_id = ? and nonce = ? and expires_at < ?",
                Timestamp.from(expiresAt), accessKeyId, nonce, Timestamp.from(clock.instant())));
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
