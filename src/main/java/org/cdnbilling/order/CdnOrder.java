package org.cdnbilling.order;

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
import org.cdnbilling.cdnservice.InternetChargeType;

/**
 * An order to activate the CDN service of one account.
 * <p>
 * {@code activeOwnerId} holds the owner while the order blocks new ones (accepted or activated) and is
 * cleared when it ends otherwise; a unique constraint on it lets the database, not a read-then-write
 * check, guarantee one live order per account.
 */
@Entity
@Table(name = "cdn_order")
public class CdnOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "cdn_order_seq")
    @SequenceGenerator(name = "cdn_order_seq", sequenceName = "cdn_order_seq", allocationSize = 50)
    private Long id;

    private Long ownerId;
    private Long activeOwnerId;

    @Enumerated(EnumType.STRING)
    private InternetChargeType internetChargeType;

    @Enumerated(EnumType.STRING)
    private OrderStatus status;

    private String requestId;
    private String endReason;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant activatedAt;

    @Version
    private Long version;

    protected CdnOrder() {
    }

    private CdnOrder(long ownerId, InternetChargeType chargeType, String requestId, Instant now) {
        this.ownerId = ownerId;
        this.activeOwnerId = ownerId;
        this.internetChargeType = chargeType;
        this.requestId = requestId;
        this.status = OrderStatus.ACCEPTED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public static CdnOrder accept(long ownerId, InternetChargeType chargeType, String requestId, Instant now) {
        return new CdnOrder(ownerId, chargeType, requestId, now);
    }

    public void markActivated(Instant now) {
        requireStatus(OrderStatus.ACCEPTED, "activate");
        this.status = OrderStatus.ACTIVATED;
        this.activatedAt = now;
        this.updatedAt = now;
    }

    /** Activation refused for a business reason, such as a service opened by other means meanwhile. */
    public void markRejected(String reason, Instant now) {
        requireStatus(OrderStatus.ACCEPTED, "reject");
        end(OrderStatus.REJECTED, reason, now);
    }

    /** Cancelled by an operator before it was activated; the account may order again. */
    public void cancel(String reason, Instant now) {
        requireStatus(OrderStatus.ACCEPTED, "cancel");
        end(OrderStatus.CANCELLED, reason, now);
    }

    private void end(OrderStatus endStatus, String reason, Instant now) {
        this.status = endStatus;
        this.activeOwnerId = null;
        this.endReason = reason;
        this.updatedAt = now;
    }

    private void requireStatus(OrderStatus expected, String action) {
        if (status != expected) {
            throw new IllegalStateException(
                    "Cannot " + action + " order " + id + " of account " + ownerId + ": it is " + status);
        }
    }

    public Long id() {
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public InternetChargeType internetChargeType() {
        return internetChargeType;
    }

    public OrderStatus status() {
        return status;
    }

    public String requestId() {
        return requestId;
    }

    public String endReason() {
        return endReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public Instant activatedAt() {
        return activatedAt;
    }
}
