package org.cdnbilling.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>
 * Whatever the rating of one account throws, the other accounts of the partition are billed: that account is set
 * aside ({@link SetAsideAccounts}: an instance of {@code cdn-billing-set-aside} of its own, whose job bills it alone
 * and is an incident naming the account and the reason until the cause is fixed), its marks stay, and runs leave it
 * alone while it is set aside.
 */
@Service
public class PartitionBilling {

    private static final int LINE_SCALE = 8;
    /** bill.rated_amount and bill_line.amount are numeric(24, 8): below 10^16. */
    private static final BigDecimal EXACT_LIMIT = BigDecimal.TEN.pow(16);
    /** bill.total, bill.previously_billed and the ledger's amounts are numeric(19, 2): below 10^17. */
    private static final BigDecimal TOTAL_LIMIT = BigDecimal.TEN.pow(17);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Accounts locked per statement (a partition is cdn.billing.accounts-per-partition, 500 by default). */
    private static final int LOCK_CHUNK = 1000;

    private final DueUsage due;
    private final UsageAggregates usage;
    private final PeriodRating rating;
    private final BillStore store;
    private final Ledger ledger;
    private final PriceBook prices;
    private final BillingMetrics metrics;
    private final SetAsideAccounts setAside;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PartitionBilling(DueUsage due, UsageAggregates usage, PeriodRating rating, BillStore store, Ledger ledger,
            PriceBook prices, BillingMetrics metrics, SetAsideAccounts setAside, JdbcTemplate jdbc, Clock clock) {
        this.due = due;
        this.usage = usage;
        this.rating = rating;
        this.store = store;
        this.ledger = ledger;
        this.prices = prices;
        this.metrics = metrics;
        this.setAside = setAside;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What a partition billed, and the accounts it set aside with the reason of each. */
    public record Outcome(int periods, int bills, Map<Long, String> setAside) {

        public Outcome(int periods, int bills) {
            this(periods, bills, Map.of());
        }
    }

    /**
     * Bills what is due at {@code dueAt} for the accounts of {@code range}, except those set aside; an account
     * whose rating throws is set aside, the others are billed.
     *
     * @throws PartitionBillingException naming the range, the periods and the cause; nothing was written
     */
    @Transactional
    public Outcome bill(AccountRange range, Instant dueAt, String runId) {
        return bill(range, "accounts " + range, dueAt, runId, false);
    }

    /**
     * Bills what is due at {@code now} for one account that a partition set aside (its {@code cdn-billing-set-aside}
     * instance's job, {@code runId} that instance): like a partition of that account alone, except that a rating that
     * throws fails it, so that its job is the incident until the cause is fixed.
     *
     * @throws PartitionBillingException naming the account, the periods and the cause; nothing was written
     */
    @Transactional
    public Outcome billSetAside(long ownerId, Instant now, String runId) {
        return bill(new AccountRange(ownerId, ownerId), "account " + ownerId + " (set aside)", now, runId, true);
    }

    private Outcome bill(AccountRange range, String accounts, Instant dueAt, String runId, boolean setAsideAccount) {
        DueUsage.DuePeriods periods = null;
        try {
            // the range's accounts with usage due, locked until the bills commit; a second run billing the same
            // accounts waits here for the first and then finds their marks gone. Accounts of the range with nothing
            // due (no marks, or marks only of the current hour, of an hour within the usage delay or of a
            // PayByBandwidth day not closed) are left alone: their top-ups do not wait for the run. So are the
            // marks of accounts that got their first due one after the accounts were read: a later run bills them.
            Set<Long> locked = lock(due.owners(range, dueAt));
            if (!setAsideAccount) {
                // read after the lock: an account that a partition holding it set aside is seen set aside here
                locked.removeAll(setAside.all());
            }
            periods = due.periods(range, dueAt, locked);
            if (periods.marks().isEmpty()) {
                return new Outcome(0, 0);
            }
            Map<Long, String> failed = new TreeMap<>();
            List<NewBill> bills = rate(range, periods, runId, setAsideAccount ? null : failed);
            store.insert(bills);
            post(bills);
            List<List<UnbilledMarks.Mark>> billed = periods.marks().entrySet().stream()
                    .filter(entry -> !failed.containsKey(entry.getKey().ownerId())).map(Map.Entry::getValue).toList();
            due.clear(billed);
            failed.forEach((ownerId, reason) -> setAside.setAside(ownerId, reason, runId));
            metrics.billed(bills);
            return new Outcome(billed.size(), bills.size(), failed);
        } catch (RuntimeException e) {
            throw new PartitionBillingException(accounts, describe(periods), e);
        }
    }

    /**
     * Locks the rows of these accounts in OwnerId order (so that two partitions that share accounts wait for each
     * other rather than deadlock); the accounts that exist.
     */
    private Set<Long> lock(List<Long> owners) {
        Set<Long> locked = new HashSet<>();
        for (int from = 0; from < owners.size(); from += LOCK_CHUNK) {
            List<Long> chunk = owners.subList(from, Math.min(owners.size(), from + LOCK_CHUNK));
            locked.addAll(jdbc.queryForList("select owner_id from account where owner_id in ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?"))
                    + ") order by owner_id for update", Long.class, chunk.toArray()));
        }
        return locked;
    }

    /**
     * The bills of the due periods, account by account. An account whose rating throws gets none: with
     * {@code failed} it is noted there with the reason and the others are rated, without it the exception is thrown.
     */
    private List<NewBill> rate(AccountRange range, DueUsage.DuePeriods periods, String runId,
            Map<Long, String> failed) {
        Instant from = periods.marks().keySet().stream().map(PeriodRating::windowStart).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstStart = periods.marks().keySet().stream().map(Period::start).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant to = periods.marks().keySet().stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow();
        UsageAggregates.Hours hours = usage.hours(range, from, to);
        Map<Period, BillStore.Billed> billed = store.billed(range, firstStart, to, periods.marks().keySet());
        Instant now = clock.instant();
        Map<Long, List<Period>> byOwner = periods.marks().keySet().stream()
                .collect(Collectors.groupingBy(Period::ownerId, TreeMap::new, Collectors.toList()));
        List<NewBill> bills = new ArrayList<>();
        byOwner.forEach((ownerId, ownerPeriods) -> {
            List<NewBill> ownerBills = new ArrayList<>();
            Period current = null;
            try {
                for (Period period : ownerPeriods) {
                    current = period;
                    NewBill bill = rate(period, hours, billed.get(period), periods.timelines(), runId, now);
                    if (bill != null) {
                        ownerBills.add(bill);
                    }
                }
                bills.addAll(ownerBills);
            } catch (RuntimeException e) {
                String reason = "rating " + current + " threw " + e.getClass().getSimpleName() + ": " + e.getMessage();
                if (failed == null) {
                    throw new RatingFailure(reason, e);
                }
                failed.put(ownerId, reason);
            }
        });
        return bills;
    }

    /** The period's bill, or null if it has no usage or its quantities are those of its latest bill. */
    private NewBill rate(Period period, UsageAggregates.Hours hours, BillStore.Billed before,
            Map<Long, ChargeTypeTimeline> timelines, String runId, Instant now) {
        List<PeriodRating.Line> lines = rating.rate(period, hours);
        Map<Region, Long> quantities = new EnumMap<>(Region.class);
        lines.forEach(line -> quantities.put(line.rated().region(), line.quantity()));
        if (lines.isEmpty() || before != null && before.lastQuantities().equals(quantities)) {
            return null;
        }
        List<RatedLine> rated = lines.stream().map(PeriodRating.Line::rated).toList();
        BigDecimal exact = rated.stream().map(RatedLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal previouslyBilled = before == null ? BigDecimal.ZERO.setScale(2) : before.total();
        BigDecimal total = Bills.total(rated).subtract(previouslyBilled);
        fits(exact, EXACT_LIMIT, "rated amount");
        fits(total, TOTAL_LIMIT, "total");
        ChargeTypeTimeline timeline = timelines.get(period.ownerId());
        return new NewBill(period, before == null ? 0 : before.lastSupplement() + 1, timeline.typeAt(period.start()),
                prices.currency(), exact.setScale(LINE_SCALE, RoundingMode.HALF_UP), previouslyBilled, total, runId,
                now, lines.stream().map(line -> new NewBill.Line(line.rated().region(), line.quantity(),
                        line.rated().amount().setScale(LINE_SCALE, RoundingMode.HALF_UP), tiers(line.rated())))
                        .toList());
    }

    /** An account's rating threw; the message names the period and the cause. */
    static final class RatingFailure extends RuntimeException {
        RatingFailure(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** An amount the bill's columns cannot hold fails the account's rating, not the partition's statement. */
    private static void fits(BigDecimal amount, BigDecimal limit, String what) {
        if (amount.abs().compareTo(limit) >= 0) {
            throw new ArithmeticException("the " + what + " " + amount.toPlainString() + " does not fit its column "
                    + "(below " + limit.toPlainString() + ")");
        }
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
