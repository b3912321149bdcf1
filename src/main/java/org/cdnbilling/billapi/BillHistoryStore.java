package org.cdnbilling.billapi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.rating.Region;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Reads the {@code bill} and {@code bill_line} tables (V13__bills.sql) for DescribeCdnUserBillHistory: per bill
 * type and period, the lines of the period's latest bill. A supplement re-rates the whole period, so its lines
 * are the period's quantities; earlier bills of the period are not added to them.
 */
@Repository
class BillHistoryStore {

    private static final Comparator<PeriodBill.Line> REGION_ORDER = Comparator.comparing(
            line -> Region.fromWire(line.region()).map(Enum::ordinal).orElse(Integer.MAX_VALUE));

    private final JdbcTemplate jdbc;

    BillHistoryStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The latest bill of each period of the account that starts in [from, to), by period start and type. */
    List<PeriodBill> latestBills(long ownerId, Instant from, Instant to) {
        Map<String, PeriodBill> bills = new LinkedHashMap<>();
        jdbc.query("""
                select b.bill_type, b.period_start, l.region, l.quantity
                from bill b
                left join bill_line l on l.owner_id = b.owner_id and l.bill_type = b.bill_type
                    and l.period_start = b.period_start and l.supplement = b.supplement
                where b.owner_id = ? and b.period_start >= ? and b.period_start < ?
                  and b.supplement = (select max(s.supplement) from bill s where s.owner_id = b.owner_id
                      and s.bill_type = b.bill_type and s.period_start = b.period_start)
                order by b.period_start, b.bill_type""", rs -> {
                    BillType type = BillType.ofWire(rs.getString(1));
                    Instant periodStart = rs.getObject(2, OffsetDateTime.class).toInstant();
                    PeriodBill bill = bills.computeIfAbsent(type.wire() + "@" + periodStart,
                            key -> new PeriodBill(type, periodStart, new ArrayList<>()));
                    String region = rs.getString(3);
                    if (region != null) {
                        bill.lines().add(new PeriodBill.Line(region, rs.getLong(4)));
                    }
                }, ownerId, utc(from), utc(to));
        bills.values().forEach(bill -> bill.lines().sort(REGION_ORDER));
        return List.copyOf(bills.values());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
