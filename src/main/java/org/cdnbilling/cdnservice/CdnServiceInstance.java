package org.cdnbilling.cdnservice;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/** The CDN service of one account, once opened. An account has at most one (a unique constraint). */
@Entity
@Table(name = "cdn_service")
public class CdnServiceInstance {

    /** OPENED: serving; SUSPENDED: taken offline for an overdue debt (processes/cdn-overdue.bpmn). */
    public enum Status { OPENED, SUSPENDED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "cdn_service_seq")
    @SequenceGenerator(name = "cdn_service_seq", sequenceName = "cdn_service_seq", allocationSize = 50)
    private Long id;

    private Long ownerId;
    private String instanceId;

    @Enumerated(EnumType.STRING)
    private InternetChargeType internetChargeType;

    private Instant openedAt;

    @Enumerated(EnumType.STRING)
    private Status status;

    private Long orderId;

    @Enumerated(EnumType.STRING)
    private InternetChargeType changingChargeType;

    private Instant changingAffectTime;

    @Version
    private Long version;

    protected CdnServiceInstance() {
    }

    private CdnServiceInstance(long ownerId, String instanceId, InternetChargeType chargeType, long orderId,
            Instant openedAt) {
        this.ownerId = ownerId;
        this.instanceId = instanceId;
        this.internetChargeType = chargeType;
        this.orderId = orderId;
        this.openedAt = openedAt;
        this.status = Status.OPENED;
    }

    /** The service opened by fulfilling an order. */
    public static CdnServiceInstance openedFor(long ownerId, long orderId, String instanceId,
            InternetChargeType chargeType, Instant openedAt) {
        return new CdnServiceInstance(ownerId, instanceId, chargeType, orderId, openedAt);
    }

    /**
     * Submits a change of the charge type from {@code affectTime} on. The latest submission wins: it
     * replaces a change still pending, and asking for the type in force withdraws the pending change.
     */
    void scheduleChargeTypeChange(InternetChargeType chargeType, Instant affectTime, Instant now) {
        if (pendingChangeAt(now).isEmpty() && changingChargeType != null) {
            throw new IllegalStateException("the due change must be applied (ChargeTypeHistory) before another");
        }
        if (chargeType == internetChargeType) {
            clearPendingChange();
        } else {
            this.changingChargeType = chargeType;
            this.changingAffectTime = affectTime;
        }
    }

    /**
     * Puts a pending change into force once its time has come; returns the change it put into force. Callers
     * record it in {@link ChargeTypeHistory}, which is what rating reads.
     */
    Optional<PendingChargeTypeChange> applyDueChargeTypeChange(Instant now) {
        if (changingChargeType == null || changingAffectTime.isAfter(now)) {
            return Optional.empty();
        }
        var applied = new PendingChargeTypeChange(changingChargeType, changingAffectTime);
        this.internetChargeType = changingChargeType;
        clearPendingChange();
        return Optional.of(applied);
    }

    private void clearPendingChange() {
        this.changingChargeType = null;
        this.changingAffectTime = null;
    }

    /** The charge type in force at {@code now}, counting a pending change whose time has come. */
    public InternetChargeType chargeTypeAt(Instant now) {
        return changingChargeType != null && !changingAffectTime.isAfter(now) ? changingChargeType : internetChargeType;
    }

    /** The change still to come at {@code now}, if any. */
    public Optional<PendingChargeTypeChange> pendingChangeAt(Instant now) {
        if (changingChargeType == null || !changingAffectTime.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new PendingChargeTypeChange(changingChargeType, changingAffectTime));
    }

    /** The service was taken offline for debt. */
    public void suspend() {
        this.status = Status.SUSPENDED;
    }

    /** The service is back online. */
    public void resume() {
        this.status = Status.OPENED;
    }

    public boolean suspended() {
        return status == Status.SUSPENDED;
    }

    public long ownerId() {
        return ownerId;
    }

    public String instanceId() {
        return instanceId;
    }

    public InternetChargeType internetChargeType() {
        return internetChargeType;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Status status() {
        return status;
    }

    public Long orderId() {
        return orderId;
    }
}
