package org.cdnbilling.overdue;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records that the backend is about to be asked to suspend a debt's service, in a transaction of its own that
 * commits before the call: should the suspend job's transaction roll back after the backend did the work (its
 * answer lost, a timeout, the node killed), the debt still says a suspension may have reached the backend, and
 * whoever closes the debt resumes the service there ({@link ServiceResumption}). Takes a second connection for
 * the moment of one update; it does not lock the account.
 */
@Component
class SuspensionRequests {

    private final Debts debts;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    SuspensionRequests(Debts debts, PlatformTransactionManager transactions, Clock clock) {
        this.debts = debts;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /** Commits {@code suspension_requested_at} for the debt, unless an earlier try recorded it already. */
    void recordBeforeCalling(Debt debt) {
        if (debt.suspensionRequestedAt() == null) {
            ownTransaction.executeWithoutResult(status -> debts.markSuspensionRequested(debt.id(), clock.instant()));
        }
    }
}
