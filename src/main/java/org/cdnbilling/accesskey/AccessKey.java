package org.cdnbilling.accesskey;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** An AccessKey pair of an account. The secret is stored encrypted (see {@link SecretCipher}). */
@Entity
@Table(name = "access_key")
public class AccessKey {

    public enum Status { Active, Inactive }

    @Id
    private String accessKeyId;

    /** The database's number of the key, in the order keys are issued: the cursor of the admin API's pages. */
    @Column(name = "id", insertable = false, updatable = false)
    private Long number;

    private Long ownerId;
    private String secretCiphertext;

    @Enumerated(EnumType.STRING)
    private Status status;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private Long version;

    protected AccessKey() {
    }

    AccessKey(String accessKeyId, long ownerId, String secretCiphertext, Instant now) {
        this.accessKeyId = accessKeyId;
        this.ownerId = ownerId;
        this.secretCiphertext = secretCiphertext;
        this.status = Status.Active;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void changeStatus(Status newStatus, Instant now) {
        this.status = newStatus;
        this.updatedAt = now;
    }

    public boolean isActive() {
        return status == Status.Active;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** Null for a key not yet read back from the database (the database numbers it as it is inserted). */
    public Long number() {
        return number;
    }

    public long ownerId() {
        return ownerId;
    }

    public String secretCiphertext() {
        return secretCiphertext;
    }

    public Status status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
