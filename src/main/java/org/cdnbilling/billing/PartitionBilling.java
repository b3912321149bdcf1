package org.cdnbilling.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cdnbilling.cdnservice.ChargeTypeTimeline;
import org.cdnbilling.ledger.Charge;
import org.cdnbilling.ledger.EntryKind;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.rating.Bills;
import org.cdnbilling.rating.PriceBook;
import org.cdnbilling.rating.RatedLine;
import org.cdnbilling.rating.Region;
import org.cdnbilling.rating.TierPortion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bills the due usage of one range of accounts, in one transaction: the bills, their lines, their ledger entries
 * and the removal of the marks they cover commit together or not at all. Set-based: one query aggregates the
 * range's samples, one reads its earlier bills, one batch writes each table.
 * <p>
 * A period billed before is re-rated with all its samples; if a quantity changed, a supplement (the previous
 * supplement + 1) charges the difference between the new rating rounded to cents and what the period's earlier
 * bills charged; if none changed, no bill is written and only the marks are cleared.
 */
@Service
public class PartitionBilling {

    private static final int LINE_SCALE = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DueUsage due;
    private final UsageAggregates usage;
    private final PeriodRating rating;
    private final BillStore store;
    private final Ledger ledger;
    private final PriceBook prices;
    private final BillingMetrics metrics;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PartitionBilling(DueUsage due, UsageAggregates usage, PeriodRating rating, BillStore store, Ledger ledger,
            PriceBook prices, BillingMetrics metrics, JdbcTemplate jdbc, Clock clock) {
        this.due = due;
        this.usage = usage;
        this.rating = rating;
        this.store = store;
        this.ledger = ledger;
        this.prices = prices;
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What a partition billed. */
    public record Outcome(int periods, int bills) {
    }

    /**
     * Bills what is due at {@code dueAt} for the accounts of {@code range}.
     *
     * @throws PartitionBillingException naming the range, the periods and the cause; nothing was written
     */
    @Transactional
    public Outcome bill(AccountRange range, Instant dueAt, String runId) {
        DueUsage.DuePeriods periods = null;
        try {
            // the range's accounts with unbilled usage, locked until the bills commit; a second run billing the same
            // accounts waits here for the first and then finds their marks gone. Accounts of the range with nothing
            // to bill are left alone (their top-ups do not wait for the run), and so are the marks of accounts that
            // got their first one after this statement: a later run bills them.
            Set<Long> locked = new HashSet<>(jdbc.queryForList("select owner_id from account where owner_id in "
                    + "(select owner_id from unbilled_usage where owner_id between ? and ?) order by owner_id for update",
                    Long.class, range.first(), range.last()));
            periods = due.periods(range, dueAt, locked);
            if (periods.marks().isEmpty()) {
                return new Outcome(0, 0);
            }
            List<NewBill> bills = rate(range, periods, runId);
            store.insert(bills);
            post(bills);
            due.clear(periods.marks().values());
            metrics.billed(bills);
            return new Outcome(periods.marks().size(), bills.size());
        } catch (RuntimeException e) {
            throw new PartitionBillingException(range, describe(periods), e);
        }
    }

    private List<NewBill> rate(AccountRange range, DueUsage.DuePeriods periods, String runId) {
        Instant from = periods.marks().keySet().stream().map(PeriodRating::windowStart).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstStart = periods.marks().keySet().stream().map(Period::start).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant to = periods.marks().keySet().stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow();
        UsageAggregates.Hours hours = usage.hours(range, from, to);
        Map<Period, BillStore.Billed> billed = store.billed(range, firstStart, to, periods.marks().keySet());
        Instant now = clock.instant();
        List<NewBill> bills = new ArrayList<>();
        for (Period period : periods.marks().keySet()) {
            List<PeriodRating.Line> lines = rating.rate(period, hours);
            Map<Region, Long> quantities = new EnumMap<>(Region.class);
            lines.forEach(line -> quantities.put(line.rated().region(), line.quantity()));
            BillStore.Billed before = billed.get(period);
            if (lines.isEmpty() || before != null && before.lastQuantities().equals(quantities)) {
                continue;
            }
            List<RatedLine> rated = lines.stream().map(PeriodRating.Line::rated).toList();
            BigDecimal exact = rated.stream().map(RatedLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal previouslyBilled = before == null ? BigDecimal.ZERO.setScale(2) : before.total();
            ChargeTypeTimeline timeline = periods.timelines().get(period.ownerId());
            bills.add(new NewBill(period, before == null ? 0 : before.lastSupplement() + 1,
                    timeline.typeAt(period.start()), prices.currency(), exact.setScale(LINE_SCALE, RoundingMode.HALF_UP),
                    previouslyBilled, Bills.total(rated).subtract(previouslyBilled), runId, now,
                    lines.stream().map(line -> new NewBill.Line(line.rated().region(), line.quantity(),
                            line.rated().amount().setScale(LINE_SCALE, RoundingMode.HALF_UP), tiers(line.rated())))
                            .toList()));
        }
        return bills;
    }

    /** Charges are deducted in one batch; a re-rating that came out lower is credited back under its reference. */
    private void post(List<NewBill> bills) {
        List<Charge> charges = new ArrayList<>();
        for (NewBill bill : bills) {
            if (bill.total().signum() > 0) {
                charges.add(new Charge(bill.period().ownerId(), bill.total(), bill.reference()));
            } else if (bill.total().signum() < 0) {
                ledger.post(bill.period().ownerId(), EntryKind.BILL, bill.total().negate(), bill.reference());
            }
        }
        ledger.charge(charges);
    }

    private static String tiers(RatedLine line) {
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (TierPortion portion : line.tiers()) {
            Map<String, Object> tier = new LinkedHashMap<>();
            tier.put("tier", portion.tier());
            tier.put("quantity", portion.quantity().toPlainString());
            tier.put("unit", line.unit());
            tier.put("unitPrice", portion.unitPrice().toPlainString());
            tier.put("amount", portion.amount().toPlainString());
            tiers.add(tier);
        }
        try {
            return JSON.writeValueAsString(tiers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String describe(DueUsage.DuePeriods periods) {
        if (periods == null) {
            return "periods not read yet";
        }
        if (periods.marks().isEmpty()) {
            return "no periods due";
        }
        Map<BillType, List<Period>> byType = periods.marks().keySet().stream()
                .collect(Collectors.groupingBy(Period::type, TreeMap::new, Collectors.toList()));
        return byType.entrySet().stream().map(entry -> {
            List<Period> list = entry.getValue();
            Instant first = list.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow();
            Instant last = list.stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow();
            long accounts = list.stream().map(Period::ownerId).distinct().count();
            return entry.getKey().wire() + " periods " + first + " to " + last + " (" + count(list.size(), "period")
                    + " of " + count(accounts, "account") + ")";
        }).collect(Collectors.joining("; "));
    }
}
