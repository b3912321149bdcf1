package org.cdnbilling.demo;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.cdnbilling.accesskey.SecretCipher;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Gives each demo account N (1001 to 1015) the AccessKey {@code demo-ak-N} / {@code demo-sk-N}, the secret
 * encrypted like any other. A repeatable Flyway migration that runs after the demo accounts and inserts only
 * what is missing, under Flyway's lock: several nodes starting together seed once.
 */
@Component
@Profile("demo")
class DemoAccessKeysMigration implements JavaMigration {

    static final long FIRST_DEMO_ACCOUNT = 1001;
    static final long LAST_DEMO_ACCOUNT = 1015;

    private final SecretCipher cipher;

    DemoAccessKeysMigration(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public MigrationVersion getVersion() {
        return null;
    }

    @Override
    public String getDescription() {
        // repeatable migrations run in description order: after "demo accounts"
        return "demo accounts access keys";
    }

    @Override
    public Integer getChecksum() {
        // 2: accounts 1013 to 1015 (a changed checksum runs it again on an existing demo database)
        return 2;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        String sql = "insert into access_key (access_key_id, owner_id, secret_ciphertext, status, created_at, updated_at,"
                + " version) select ?, ?, ?, 'Active', ?, ?, 0 from account a where a.owner_id = ? and not exists"
                + " (select 1 from access_key k where k.access_key_id = ?)";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = context.getConnection().prepareStatement(sql)) {
            for (long ownerId = FIRST_DEMO_ACCOUNT; ownerId <= LAST_DEMO_ACCOUNT; ownerId++) {
                String accessKeyId = "demo-ak-" + ownerId;
                insert.setString(1, accessKeyId);
                insert.setLong(2, ownerId);
                insert.setString(3, cipher.encrypt(accessKeyId, "demo-sk-" + ownerId));
                insert.setTimestamp(4, now);
                insert.setTimestamp(5, now);
                insert.setLong(6, ownerId);
                insert.setString(7, accessKeyId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
