package org.cdnbilling.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.cdnbilling.persistence.bulk.BulkWriter;
import org.cdnbilling.rating.Bills;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code bill} and {@code bill_line} tables as billing runs write them: one bulk write per table and
 * partition ({@link BulkWriter}: COPY on PostgreSQL, a JDBC batch on H2), never an entity per bill. The primary key (account, bill type, period, supplement) is what
 * makes a period billed once: a second writer of the same bill fails its whole transaction.
 */
@Repository
class BillStore {

    private static final List<String> BILL_COLUMNS = List.of("owner_id", "bill_type", "period_start", "supplement",
            "period_end", "charge_type", "currency", "price_book_version", "rated_amount", "previously_billed", "total",
            "run_id", "created_at");
    private static final List<String> LINE_COLUMNS = List.of("owner_id", "bill_type", "period_start", "supplement",
            "region", "quantity", "amount", "tiers");

    private final JdbcTemplate jdbc;
    private final BulkWriter bulk;

    BillStore(JdbcTemplate jdbc, BulkWriter bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
    }

    /** What the bills of a period so far charged, and the lines of its latest bill. */
    record Billed(int lastSupplement, BigDecimal total, Map<Region, BilledLine> lastLines) {
    }

    /** A line as its bill shows it: the quantity and the amount (8 decimals). */
    record BilledLine(long quantity, BigDecimal amount) {
    }

    /**
     * The bills so far of the range's accounts' periods that start in [from, to) and that {@code periods} accepts,
     * in two statements (bills, then lines) whatever their number.
     */
    Map<Period, Billed> billed(AccountRange range, Instant from, Instant to, Predicate<Period> periods) {
        Map<Period, Integer> last = new HashMap<>();
        Map<Period, BigDecimal> totals = new HashMap<>();
        jdbc.query("select owner_id, bill_type, period_start, supplement, total from bill "
                + "where owner_id between ? and ? and period_start >= ? and period_start < ?", rs -> {
                    Period period = period(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class));
                    if (periods.test(period)) {
                        last.merge(period, rs.getInt(4), Math::max);
                        totals.merge(period, rs.getBigDecimal(5), BigDecimal::add);
                    }
                }, range.first(), range.last(), utc(from), utc(to));
        Map<Period, Map<Region, BilledLine>> lines = new HashMap<>();
        if (!last.isEmpty()) {
            jdbc.query("select owner_id, bill_type, period_start, supplement, region, quantity, amount from bill_line "
                    + "where owner_id between ? and ? and period_start >= ? and period_start < ?", rs -> {
                        Period period = period(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class));
                        Integer latest = last.get(period);
                        if (latest != null && latest == rs.getInt(4)) {
                            lines.computeIfAbsent(period, p -> new HashMap<>()).put(Region.valueOf(rs.getString(5)),
                                    new BilledLine(rs.getLong(6), rs.getBigDecimal(7).setScale(Bills.LINE_SCALE)));
                        }
                    }, range.first(), range.last(), utc(from), utc(to));
        }
        Map<Period, Billed> billed = new HashMap<>();
        last.forEach((period, supplement) -> billed.put(period,
                new Billed(supplement, totals.get(period), lines.getOrDefault(period, Map.of()))));
        return billed;
    }

    /** Inserts the bills and their lines, in key order (two writers of one bill wait, then one fails). */
    void insert(List<NewBill> bills) {
        List<Object[]> rows = new ArrayList<>(bills.size());
        List<Object[]> lines = new ArrayList<>(bills.size());
        for (NewBill bill : bills) {
            Period period = bill.period();
            rows.add(new Object[] {period.ownerId(), period.type().wire(), utc(period.start()), bill.supplement(),
                    utc(period.end()), bill.chargeType().name(), bill.currency(), bill.priceBookVersion(),
                    bill.ratedAmount(), bill.previouslyBilled(), bill.total(), bill.runId(), utc(bill.createdAt())});
            for (NewBill.Line line : bill.lines()) {
                lines.add(new Object[] {period.ownerId(), period.type().wire(), utc(period.start()),
                        bill.supplement(), line.region().name(), line.quantity(), line.amount(), line.tiers()});
            }
        }
        bulk.insert("bill", BILL_COLUMNS, rows);
        bulk.insert("bill_line", LINE_COLUMNS, lines);
    }

    private static Period period(long ownerId, String type, OffsetDateTime start) {
        return new Period(ownerId, BillType.fromWire(type).orElseThrow(), start.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
