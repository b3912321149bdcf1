package org.cdnbilling.accesskey;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.persistence.KeysetPage;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists and switches the AccessKeys of accounts, and looks them up for signature checks. */
@Service
public class AccessKeyService {

    private static final char[] ALPHANUMERIC =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final AccessKeys keys;
    private final Accounts accounts;
    private final SecretCipher cipher;
    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();

    AccessKeyService(AccessKeys keys, Accounts accounts, SecretCipher cipher, Clock clock, JdbcTemplate jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** A new active pair for the account, or empty if there is no such account. */
    @Transactional
    public Optional<IssuedAccessKey> issue(long ownerId) {
        if (!accounts.existsById(ownerId)) {
            return Optional.empty();
        }
        String accessKeyId = "LTAI" + randomText(20);
        String secret = randomText(30);
        keys.save(new AccessKey(accessKeyId, ownerId, cipher.encrypt(accessKeyId, secret), clock.instant()));
        return Optional.of(new IssuedAccessKey(accessKeyId, secret));
    }

    /** Stores a pair with a given id and secret (demo keys). */
    @Transactional
    public void register(long ownerId, String accessKeyId, String secret) {
        keys.save(new AccessKey(accessKeyId, ownerId, cipher.encrypt(accessKeyId, secret), clock.instant()));
    }

    /** Up to {@code limit} of the account's keys issued after the key numbered {@code after}, in the order issued. */
    @Transactional(readOnly = true)
    public KeysetPage<AccessKey> keysOf(long ownerId, long after, int limit) {
        return KeysetPage.of(keys.findByOwnerIdAndNumberGreaterThanOrderByNumberAsc(ownerId, after,
                Limit.of(Math.toIntExact(KeysetPage.rowsToRead(limit)))), limit, AccessKey::number);
    }

    /** Activates or deactivates a key of the account; empty if the account has no such key. */
    @Transactional
    public Optional<AccessKey> changeStatus(long ownerId, String accessKeyId, AccessKey.Status status) {
        return keys.findByAccessKeyIdAndOwnerId(accessKeyId, ownerId).map(key -> {
            key.changeStatus(status, clock.instant());
            return key;
        });
    }

    /**
     * The key of a signature to check, read by one statement outside any transaction: every signed call reads it,
     * and a read-only transaction around the read cost a {@code BEGIN} and a {@code COMMIT} more on each
     * (docs/performance.md, "PostgreSQL").
     */
    public Optional<VerifiableKey> verifiable(String accessKeyId) {
        return jdbc.query("select owner_id, status, secret_ciphertext from access_key where access_key_id = ?",
                rs -> rs.next()
                        ? Optional.of(new VerifiableKey(accessKeyId, rs.getLong(1),
                                AccessKey.Status.Active.name().equals(rs.getString(2)),
                                cipher.decrypt(accessKeyId, rs.getString(3))))
                        : Optional.<VerifiableKey>empty(),
                accessKeyId);
    }

    private String randomText(int length) {
        char[] text = new char[length];
        for (int i = 0; i < length; i++) {
            text[i] = ALPHANUMERIC[random.nextInt(ALPHANUMERIC.length)];
        }
        return new String(text);
    }
}
