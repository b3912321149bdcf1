package org.cdnbilling.account;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Takes over account data from the account centre. */
@Service
public class AccountSync {

    private final Accounts accounts;
    private final Clock clock;

    AccountSync(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Creates or updates an account; returns whether it was created. */
    @Transactional
    public boolean createOrUpdate(long ownerId, AccountProfile profile) {
        return accounts.findById(ownerId)
                .map(account -> {
                    account.update(profile, clock.instant());
                    return false;
                })
                .orElseGet(() -> {
                    accounts.save(new Account(ownerId, profile, clock.instant()));
                    return true;
                });
    }
}
