package org.cdnbilling.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;

/** A customer account (Alibaba Cloud's OwnerId), synchronised from the account centre. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "owner_id")
    private Long ownerId;

    @Column(name = "owner_account")
    private String ownerAccount;

    private boolean realNameVerified;
    private boolean profileComplete;

    @Enumerated(EnumType.STRING)
    private Site site;

    private boolean intlAllowed;
    private boolean bidUser;
    private boolean payMethodValid;

    /** Written by the ledger only (org.cdnbilling.ledger.Ledger); a new account starts at zero until then. */
    @Column(updatable = false)
    private BigDecimal balance;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private Long version;

    protected Account() {
    }

    public Account(long ownerId, AccountProfile profile, Instant now) {
        this.ownerId = ownerId;
        this.createdAt = now;
        this.balance = BigDecimal.ZERO;
        update(profile, now);
    }

    /** Takes over the account centre's current view of this account, except the balance (the ledger's). */
    public void update(AccountProfile profile, Instant now) {
        this.ownerAccount = profile.ownerAccount();
        this.realNameVerified = profile.realNameVerified();
        this.profileComplete = profile.profileComplete();
        this.site = profile.site();
        this.intlAllowed = profile.intlAllowed();
        this.bidUser = profile.bidUser();
        this.payMethodValid = profile.payMethodValid();
        this.updatedAt = now;
    }

    /** International-site accounts may open the service only where explicitly allowed. */
    public boolean mayOpenOnItsSite() {
        return site == Site.DOMESTIC || intlAllowed;
    }

    public boolean hasPositiveBalance() {
        return balance.signum() > 0;
    }

    public AccountProfile profile() {
        return new AccountProfile(ownerAccount, realNameVerified, profileComplete, site, intlAllowed, bidUser,
                payMethodValid, balance);
    }

    public long ownerId() {
        return ownerId;
    }

    public boolean realNameVerified() {
        return realNameVerified;
    }

    public boolean profileComplete() {
        return profileComplete;
    }

    public Site site() {
        return site;
    }

    public boolean bidUser() {
        return bidUser;
    }

    public boolean payMethodValid() {
        return payMethodValid;
    }

    public BigDecimal balance() {
        return balance;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
