package org.cdnbilling.billing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.rating.PriceBook;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Billing for Prometheus ({@code /actuator/prometheus}), counted once the partition's transaction commits:
 * <ul>
 * <li>{@code cdn_billing_charged_amount_total{bill_type,currency}}: the positive totals of the bills written, the
 * amounts charged to balances;</li>
 * <li>{@code cdn_billing_credited_amount_total{bill_type,currency}}: the negative totals of the bills written (a
 * supplement that re-rated its period lower), counted positive: the amounts credited back. A Prometheus counter
 * cannot go down, so the two are apart; charged - credited is what billing took from balances, the negated sum of
 * the {@code BILL} ledger entries;</li>
 * <li>{@code cdn_billing_bills_total{bill_type,supplement}}: bills written, {@code supplement} {@code false} for a
 * period's first bill;</li>
 * <li>{@code cdn_billing_partition_seconds{outcome}}: how long a partition job billed ({@code billed} or
 * {@code failed});</li>
 * <li>{@code cdn_billing_run_seconds{outcome}}: a run from its start to its end, on the node that ended it
 * ({@code billed} or {@code nothing_due}).</li>
 * </ul>
 */
@Component
public class BillingMetrics {

    static final String CHARGED_AMOUNT = "cdn.billing.charged.amount";
    static final String CREDITED_AMOUNT = "cdn.billing.credited.amount";
    static final String BILLS = "cdn.billing.bills";
    static final String PARTITION = "cdn.billing.partition";
    static final String RUN = "cdn.billing.run";

    private final MeterRegistry registry;
    private final String currency;

    BillingMetrics(MeterRegistry registry, PriceBook prices) {
        this.registry = registry;
        this.currency = prices.currency();
        for (BillType type : BillType.values()) {
            charged(type, currency);
            credited(type, currency);
            bills(type, false);
            bills(type, true);
        }
    }

    /** Counts the bills once the current transaction commits. */
    void billed(List<NewBill> written) {
        Map<BillType, BigDecimal> charged = new EnumMap<>(BillType.class);
        Map<BillType, BigDecimal> credited = new EnumMap<>(BillType.class);
        Map<BillType, int[]> counts = new EnumMap<>(BillType.class);
        for (NewBill bill : written) {
            if (bill.total().signum() > 0) {
                charged.merge(bill.period().type(), bill.total(), BigDecimal::add);
            } else if (bill.total().signum() < 0) {
                credited.merge(bill.period().type(), bill.total().negate(), BigDecimal::add);
            }
            counts.computeIfAbsent(bill.period().type(), t -> new int[2])[bill.supplement() == 0 ? 0 : 1]++;
        }
        afterCommit(() -> {
            charged.forEach((type, amount) -> charged(type, currency).increment(amount.doubleValue()));
            credited.forEach((type, amount) -> credited(type, currency).increment(amount.doubleValue()));
            counts.forEach((type, n) -> {
                bills(type, false).increment(n[0]);
                bills(type, true).increment(n[1]);
            });
        });
    }

    public void partitionDone(Duration took, boolean billed) {
        timer(PARTITION, "Time a partition job of a billing run took", billed ? "billed" : "failed").record(took);
    }

    public void runDone(Duration took, boolean billed) {
        timer(RUN, "Time a billing run took from its start to its end", billed ? "billed" : "nothing_due")
                .record(took);
    }

    private Timer timer(String name, String description, String outcome) {
        return Timer.builder(name).description(description).tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    private Counter charged(BillType type, String currency) {
        return Counter.builder(CHARGED_AMOUNT)
                .description("Amount charged to balances (the positive bill totals), by bill type")
                .tag("bill_type", type.wire()).tag("currency", currency).register(registry);
    }

    private Counter credited(BillType type, String currency) {
        return Counter.builder(CREDITED_AMOUNT)
                .description("Amount credited back to balances (the negative bill totals, counted positive), by bill type")
                .tag("bill_type", type.wire()).tag("currency", currency).register(registry);
    }

    private Counter bills(BillType type, boolean supplement) {
        return Counter.builder(BILLS).description("Bills written, by bill type; supplement=true for supplements")
                .tag("bill_type", type.wire()).tag("supplement", Boolean.toString(supplement)).register(registry);
    }

    private static void afterCommit(Runnable count) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            count.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                count.run();
            }
        });
    }
}
