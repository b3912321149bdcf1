package org.cdnbilling.account;

import java.time.Clock;
import org.cdnbilling.ledger.Ledger;
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
    private final Ledger ledger;
    private final Clock clock;

    AccountSync(Accounts accounts, Ledger ledger, Clock clock) {
        this.accounts = accounts;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Creates or updates an account; returns whether it was created. The write is flushed here, so that a
     * conflict (an ownerAccount of another account, a concurrent create or update of this one) surfaces as an
     * {@link AccountConflictException} and nothing is stored. The balance of a new account is its opening
     * balance (a ledger entry); an existing account keeps its balance, and a request naming another one is
     * refused ({@link BalanceChangeRefusedException}): money moves only through ledger entries.
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
                        if (account.balance().compareTo(profile.balance()) != 0) {
                            throw new BalanceChangeRefusedException(ownerId, account.balance());
                        }
                        account.update(profile, clock.instant());
                        accounts.flush();
                        return false;
                    })
                    .orElseGet(() -> {
                        accounts.saveAndFlush(new Account(ownerId, profile, clock.instant()));
                        ledger.openingBalance(ownerId, profile.balance());
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
