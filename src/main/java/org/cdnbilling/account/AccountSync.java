package org.cdnbilling.account;

import java.time.Clock;
import java.util.Locale;
import org.hibernate.exception.ConstraintViolationException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Takes over account data from the account centre. */
@Service
public class AccountSync {

    /** The unique constraint on {@code account.owner_account} (V1__domain.sql). */
    private static final String OWNER_ACCOUNT_CONSTRAINT = "uk_account_owner_account";

    private final Accounts accounts;
    private final Clock clock;

    AccountSync(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Creates or updates an account; returns whether it was created. The write is flushed here, so that a
     * conflict (an ownerAccount of another account, a concurrent create or update of this one) surfaces as an
     * {@link AccountConflictException} and nothing is stored.
     */
    @Transactional
    public boolean createOrUpdate(long ownerId, AccountProfile profile) {
        String ownerAccount = profile.ownerAccount();
        if (ownerAccount != null) {
            accounts.findByOwnerAccount(ownerAccount).filter(other -> other.ownerId() != ownerId).ifPresent(other -> {
                throw ownerAccountTaken(ownerAccount, null);
            });
        }
        try {
            return accounts.findById(ownerId)
                    .map(account -> {
                        account.update(profile, clock.instant());
                        accounts.flush();
                        return false;
                    })
                    .orElseGet(() -> {
                        accounts.saveAndFlush(new Account(ownerId, profile, clock.instant()));
                        return true;
                    });
        } catch (DataIntegrityViolationException e) {
            if (ownerAccount != null && violates(e, OWNER_ACCOUNT_CONSTRAINT)) {
                throw ownerAccountTaken(ownerAccount, e);
            }
            throw concurrentSync(ownerId, e);
        } catch (OptimisticLockingFailureException e) {
            throw concurrentSync(ownerId, e);
        }
    }

    private static AccountConflictException ownerAccountTaken(String ownerAccount, Throwable cause) {
        return new AccountConflictException("ownerAccount " + ownerAccount + " is the ownerAccount of another account",
                cause);
    }

    private static AccountConflictException concurrentSync(long ownerId, Throwable cause) {
        return new AccountConflictException("Account " + ownerId
                + " was created or changed by a concurrent request; repeat the request", cause);
    }

    /** Whether the violated constraint is the given one (Hibernate names it on H2 and PostgreSQL). */
    private static boolean violates(DataIntegrityViolationException e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException violation && violation.getConstraintName() != null
                    && violation.getConstraintName().toLowerCase(Locale.ROOT).contains(constraint)) {
                return true;
            }
        }
        return false;
    }
}
