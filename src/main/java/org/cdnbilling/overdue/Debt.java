package org.cdnbilling.overdue;

import java.time.Instant;

/**
 * An account's debt (table {@code account_debt}): open from the entry that took the balance below zero until it
 * is closed; overdue once the grace period is over; suspended while the service is offline for it.
 * {@code suspensionRequestedAt}: when the suspension was requested (V28): set by *Mark account overdue*, committed
 * before *Suspend CDN service* first calls the backend, so also set when the suspend job rolled back after the
 * backend did the work.
 */
public record Debt(long id, long ownerId, Instant startedAt, Instant graceEndsAt, Instant overdueAt,
        Instant suspendedAt, Instant settledAt, Instant resumedAt, Instant closedAt, String closeReason,
        Instant suspensionRequestedAt) {

    /** Why a debt was closed. */
    public enum CloseReason { SETTLED_IN_GRACE, RESUMED, CANCELLED }

    public boolean open() {
        return closedAt == null;
    }

    public boolean settled() {
        return settledAt != null;
    }

    /**
     * Whether the backend may have taken the service offline for this debt: a suspension was requested (committed
     * before the call), whether or not its job committed afterwards.
     */
    public boolean suspensionMayHaveReachedBackend() {
        return suspensionRequestedAt != null || suspendedAt != null;
    }

    /** Grace over and not settled: what {@code InDebtOverdue} reports. */
    public boolean overdue() {
        return open() && overdueAt != null && settledAt == null;
    }

    /** The state an operator reads: IN_GRACE, OVERDUE, SETTLED (awaiting resumption) or CLOSED. */
    public String state() {
        if (!open()) {
            return "CLOSED";
        }
        if (settled()) {
            return "SETTLED";
        }
        return overdueAt == null ? "IN_GRACE" : "OVERDUE";
    }

    /** The idempotency key of the suspension for this debt. */
    public String suspensionKey() {
        return "suspend-debt-" + id;
    }

    /** The idempotency key of the resumption after this debt. */
    public String resumptionKey() {
        return "resume-debt-" + id;
    }

    /** What every {@link #cancellationResumptionKey} of this debt starts with. */
    public String cancellationResumptionKeyPrefix() {
        return "resume-cancel-debt-" + id + "-";
    }

    /**
     * The idempotency key of the resumption by one attempt to cancel the debt's instance: an attempt of its own
     * each time, not {@link #resumptionKey()}. A cancellation that rolls back after its call (it lost a race with
     * the suspend job, which then recorded the suspension) would otherwise have spent the key that *Resume CDN
     * service* uses later, and the backend, idempotent per key, would then not resume the settled account.
     */
    public String cancellationResumptionKey(String attempt) {
        return cancellationResumptionKeyPrefix() + attempt;
    }

    /**
     * The idempotency key of undoing a suspension that reached the backend after the debt's resumption (an
     * instance cancelled while it was being suspended): not {@link #resumptionKey()}, which the backend may have
     * carried out already and would then not repeat.
     */
    public String lateResumptionKey() {
        return "resume-late-debt-" + id;
    }
}
