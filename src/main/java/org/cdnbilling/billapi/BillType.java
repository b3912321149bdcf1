package org.cdnbilling.billapi;

import org.cdnbilling.cdnservice.InternetChargeType;

/**
 * The bill types of this service as the bill APIs name them: the bill type, its billing cycle, and the
 * {@code BillingDataItem} field that carries a line's quantity in {@code DescribeCdnUserBillHistory}.
 */
enum BillType {
    /** {@code PayByTraffic}: a bill per UTC hour, bytes. */
    HOUR_FLOW("hour_flow", "hour", "Flow"),
    /** {@code PayByBandwidth}: a bill per Beijing day, the day's peak in bit/s. */
    DAY_BANDWIDTH("day_bandwidth", "day", "Bandwidth");

    /** Every bill type here is of the {@code flow} dimension (traffic and bandwidth). */
    static final String DIMENSION = "flow";

    private final String wire;
    private final String billingCycle;
    private final String quantityField;

    BillType(String wire, String billingCycle, String quantityField) {
        this.wire = wire;
        this.billingCycle = billingCycle;
        this.quantityField = quantityField;
    }

    static BillType of(InternetChargeType chargeType) {
        return switch (chargeType) {
            case PayByTraffic -> HOUR_FLOW;
            case PayByBandwidth -> DAY_BANDWIDTH;
        };
    }

    /** The type of a stored bill ({@code bill.bill_type}). */
    static BillType ofWire(String billType) {
        for (BillType type : values()) {
            if (type.wire.equals(billType)) {
                return type;
            }
        }
        throw new IllegalStateException("Unknown bill type " + billType);
    }

    String wire() {
        return wire;
    }

    String billingCycle() {
        return billingCycle;
    }

    String quantityField() {
        return quantityField;
    }
}
