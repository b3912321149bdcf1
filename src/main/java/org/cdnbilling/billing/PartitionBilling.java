package org.cdnbilling.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.cdnbilling.cdnservice.ChargeTypeTimeline;
import org.cdnbilling.ledger.Charge;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.rating.Bills;
import org.cdnbilling.rating.PriceBookVersion;
import org.cdnbilling.rating.PriceBookVersions;
import org.cdnbilling.rating.PriceBooks;
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
 * A period billed before is re-rated with all its samples; if a line changed (a quantity, or an amount: late usage
 * of an earlier hour of the month re-tiers the billed hours after it, which are re-rated in the same transaction),
 * a supplement (the previous supplement + 1) charges the difference between the new rating rounded to cents and
 * what the period's earlier bills charged; if none changed, no bill is written and only the marks are cleared.
 * <p>
 * Whatever the rating of one account throws, the other accounts of the partition are billed: that account is set
 * aside ({@link SetAsideAccounts}: an instance of {@code cdn-billing-set-aside} of its own, whose job bills it alone
 * and is an incident naming the account and the reason until the cause is fixed), its marks stay, and runs leave it
 * alone while it is set aside.
 */
@Service
public class PartitionBilling {

    /** bill.rated_amount and bill_line.amount are numeric(24, 8): below 10^16. */
    private static final BigDecimal EXACT_LIMIT = BigDecimal.TEN.pow(16);
    /** bill.total, bill.previously_billed and the ledger's amounts are numeric(19, 2): below 10^17. */
    private static final BigDecimal TOTAL_LIMIT = BigDecimal.TEN.pow(17);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DueUsage due;
    private final UsageAggregates usage;
    private final PeriodRating rating;
    private final BillStore store;
    private final Ledger ledger;
    private final PriceBooks prices;
    private final BillingMetrics metrics;
    private final SetAsideAccounts setAside;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PartitionBilling(DueUsage due, UsageAggregates usage, PeriodRating rating, BillStore store, Ledger ledger,
            PriceBooks prices, BillingMetrics metrics, SetAsideAccounts setAside, JdbcTemplate jdbc, Clock clock) {
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
            Set<Long> locked = ledger.lockAccounts(due.owners(range, dueAt));
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
     * The bills of the due periods, account by account, and of the hours they re-tier: an hour_flow period of the
     * same account and Beijing month that starts after a due one and is already billed continues a month-to-date
     * that the due one may have changed, so it is re-rated too (its bill, if its rating changed, is a supplement).
     * An account whose rating throws gets none: with {@code failed} it is noted there with the reason and the others
     * are rated, without it the exception is thrown.
     */
    private List<NewBill> rate(AccountRange range, DueUsage.DuePeriods periods, String runId,
            Map<Long, String> failed) {
        Set<Period> due = periods.marks().keySet();
        // per account and Beijing month, the first due hour: the billed hours after it are re-tiered
        Map<Long, Map<Instant, Instant>> firstDueHour = new HashMap<>();
        for (Period period : due) {
            if (period.type() == BillType.HOUR_FLOW) {
                firstDueHour.computeIfAbsent(period.ownerId(), owner -> new HashMap<>())
                        .merge(BillType.beijingMonthStart(period.start()), period.start(), PartitionBilling::earlier);
            }
        }
        Instant firstStart = due.stream().map(Period::start).min(Comparator.naturalOrder()).orElseThrow();
        Instant billsTo = due.stream().map(period -> period.type() == BillType.HOUR_FLOW
                ? nextBeijingMonth(period.start()) : period.end()).max(Comparator.naturalOrder()).orElseThrow();
        // one read of the bills of the due periods and of the hours after them in their months
        Map<Period, BillStore.Billed> billed = store.billed(range, firstStart, billsTo,
                period -> due.contains(period) || reTiered(period, firstDueHour));
        Set<Period> toRate = new TreeSet<>(due);
        toRate.addAll(billed.keySet());
        Instant from = toRate.stream().map(PeriodRating::windowStart).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = toRate.stream().map(Period::end).max(Comparator.naturalOrder()).orElseThrow();
        UsageAggregates.Hours hours = usage.hours(range, from, to);
        Instant now = clock.instant();
        // read per partition, so every node rates with what the database holds: a version takes effect only from
        // a future hour, so these are right for every closed period
        PriceBookVersions versions = prices.versions();
        Map<Long, List<Period>> byOwner = toRate.stream()
                .collect(Collectors.groupingBy(Period::ownerId, TreeMap::new, Collectors.toList()));
        List<NewBill> bills = new ArrayList<>();
        byOwner.forEach((ownerId, ownerPeriods) -> {
            List<NewBill> ownerBills = new ArrayList<>();
            Period current = null;
            try {
                for (Period period : ownerPeriods) {
                    current = period;
                    NewBill bill = rate(period, hours, versions.inForceAt(period.start()), billed.get(period),
                            periods.timelines(), runId, now);
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

    /** Whether a billed period is an hour_flow hour after a due hour of its account and Beijing month. */
    private static boolean reTiered(Period period, Map<Long, Map<Instant, Instant>> firstDueHour) {
        if (period.type() != BillType.HOUR_FLOW) {
            return false;
        }
        Instant first = firstDueHour.getOrDefault(period.ownerId(), Map.of())
                .get(BillType.beijingMonthStart(period.start()));
        return first != null && period.start().isAfter(first);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The start of the Beijing month after the one that contains {@code instant}. */
    private static Instant nextBeijingMonth(Instant instant) {
        return BillType.beijingMonthStart(BillType.beijingMonthStart(instant).plus(32, ChronoUnit.DAYS));
    }

    /**
     * The period's bill, or null if it has no usage or its lines (quantities and rounded amounts) are those of its
     * latest bill. Each line's amount is rounded half-up to 8 decimals, the rated amount is their sum, the total
     * the rated amount rounded half-up to cents less what the earlier bills charged ({@link Bills}).
     */
    private NewBill rate(Period period, UsageAggregates.Hours hours, PriceBookVersion version,
            BillStore.Billed before, Map<Long, ChargeTypeTimeline> timelines, String runId, Instant now) {
        ChargeTypeTimeline timeline = timelines.get(period.ownerId());
        List<PeriodRating.Line> lines = rating.rate(period, hours, timeline, version);
        if (lines.isEmpty()) {
            return null;
        }
        Map<Region, BillStore.BilledLine> shown = new EnumMap<>(Region.class);
        lines.forEach(line -> shown.put(line.rated().region(),
                new BillStore.BilledLine(line.quantity(), Bills.lineAmount(line.rated()))));
        if (before != null && before.lastLines().equals(shown)) {
            return null;
        }
        List<RatedLine> rated = lines.stream().map(PeriodRating.Line::rated).toList();
        BigDecimal ratedAmount = Bills.ratedAmount(rated);
        BigDecimal previouslyBilled = before == null ? BigDecimal.ZERO.setScale(2) : before.total();
        BigDecimal total = Bills.total(rated).subtract(previouslyBilled);
        fits(ratedAmount, EXACT_LIMIT, "rated amount");
        fits(total, TOTAL_LIMIT, "total");
        return new NewBill(period, before == null ? 0 : before.lastSupplement() + 1, timeline.typeAt(period.start()),
                version.prices().currency(), version.version(), ratedAmount, previouslyBilled, total, runId, now,
                lines.stream().map(line -> new NewBill.Line(line.rated().region(), line.quantity(),
                        Bills.lineAmount(line.rated()), tiers(line.rated()))).toList());
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

    /**
     * Charges and credits (a re-rating that came out lower) are posted in one batch, so an account's balance changes
     * once per partition: a late hour's supplement and the credit of a re-tiered hour after it never settle a debt
     * and open a new one in between.
     */
    private void post(List<NewBill> bills) {
        ledger.charge(bills.stream().filter(bill -> bill.total().signum() != 0)
                .map(bill -> new Charge(bill.period().ownerId(), bill.total(), bill.reference())).toList());
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
