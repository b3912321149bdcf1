package org.cdnbilling.billing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cdnbilling.persistence.KeysetPage;
import org.cdnbilling.rating.BandwidthRating;
import org.cdnbilling.rating.TrafficRating;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** An account's bills as operators read them, each with its lines and its ledger entry. */
@Repository
public class BillQueries {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REFERENCES_PER_QUERY = 500;

    private final JdbcTemplate jdbc;

    BillQueries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A bill: the whole period re-rated ({@code ratedAmount}) at the prices of price book version
     * {@code priceBookVersion}, less what earlier bills charged, is its total.
     */
    public record BillView(long id, String billType, Instant periodStart, Instant periodEnd, int supplement,
            String chargeType, String currency, int priceBookVersion, List<LineView> lines, String ratedAmount,
            String previouslyBilled, String total, String runId, Instant createdAt, EntryView ledgerEntry) {
    }

    /**
     * A region's line: {@code quantity} in {@code quantityUnit} (bytes or bit/s, the whole period), rated as
     * {@code ratedQuantity} {@code unit} (GB or Mbps), each tier's portion, and the exact amount.
     */
    public record LineView(String region, long quantity, String quantityUnit, String ratedQuantity, String unit,
            List<Map<String, Object>> tiers, String amount) {
    }

    /** The ledger entry that deducted the bill (none for a total of 0.00). */
    public record EntryView(long id, String reference, String amount, String balanceAfter) {
    }

    /**
     * Up to {@code limit} of the account's bills whose period starts in [from, to) with an id above {@code after},
     * in id order (the order they were written), each with its lines and ledger entry: one query on
     * {@code ix_bill_owner_id} for the bills (one row more than the page), one for their lines, one per 500 for
     * their entries. An account's bills are written under its row lock, each with a higher id than those committed
     * before it, so reading on after the last id of a page misses none, also of bills written meanwhile.
     */
    @Transactional(readOnly = true)
    public KeysetPage<BillView> bills(long ownerId, Instant from, Instant to, long after, int limit) {
        List<BillView> read = jdbc.query("select id, bill_type, period_start, supplement, period_end, charge_type, "
                + "currency, rated_amount, previously_billed, total, run_id, created_at, price_book_version from bill "
                + "where owner_id = ? "
                + "and id > ? and period_start >= ? and period_start < ? order by id limit ?", (rs, row) ->
                        new BillView(rs.getLong(1), BillType.fromWire(rs.getString(2)).orElseThrow().wire(),
                                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getObject(5, OffsetDateTime.class)
                                .toInstant(), rs.getInt(4), rs.getString(6), rs.getString(7), rs.getInt(13),
                                new ArrayList<>(),
                                plain(rs.getBigDecimal(8)), plain(rs.getBigDecimal(9)), plain(rs.getBigDecimal(10)),
                                rs.getString(11), rs.getObject(12, OffsetDateTime.class).toInstant(), null),
                ownerId, after, utc(from), utc(to), KeysetPage.rowsToRead(limit));
        KeysetPage<BillView> page = KeysetPage.of(read, limit, BillView::id);
        if (page.rows().isEmpty()) {
            return page;
        }
        Map<String, BillView> bills = new LinkedHashMap<>();
        page.rows().forEach(bill -> bills.put(reference(bill), bill));
        jdbc.query("select l.bill_type, l.period_start, l.supplement, l.region, l.quantity, l.amount, l.tiers "
                + "from bill b join bill_line l on l.owner_id = b.owner_id and l.bill_type = b.bill_type "
                + "and l.period_start = b.period_start and l.supplement = b.supplement where b.owner_id = ? "
                + "and b.id > ? and b.id <= ? and b.period_start >= ? and b.period_start < ? order by l.region", rs -> {
                    BillType type = BillType.fromWire(rs.getString(1)).orElseThrow();
                    BillView bill = bills.get(
                            type.reference(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getInt(3)));
                    if (bill != null) {
                        bill.lines().add(line(type, rs.getString(4), rs.getLong(5), rs.getBigDecimal(6),
                                rs.getString(7)));
                    }
                }, ownerId, after, page.rows().get(page.rows().size() - 1).id(), utc(from), utc(to));
        Map<String, EntryView> entries = entries(ownerId, new ArrayList<>(bills.keySet()));
        return page.map(bill -> new BillView(bill.id(), bill.billType(), bill.periodStart(), bill.periodEnd(),
                bill.supplement(), bill.chargeType(), bill.currency(), bill.priceBookVersion(),
                List.copyOf(bill.lines()), bill.ratedAmount(), bill.previouslyBilled(), bill.total(), bill.runId(),
                bill.createdAt(), entries.get(reference(bill))));
    }

    private static String reference(BillView bill) {
        return BillType.fromWire(bill.billType()).orElseThrow().reference(bill.periodStart(), bill.supplement());
    }

    private Map<String, EntryView> entries(long ownerId, List<String> references) {
        Map<String, EntryView> entries = new HashMap<>();
        for (int from = 0; from < references.size(); from += REFERENCES_PER_QUERY) {
            List<String> chunk = references.subList(from, Math.min(references.size(), from + REFERENCES_PER_QUERY));
            List<Object> arguments = new ArrayList<>();
            arguments.add(ownerId);
            arguments.addAll(chunk);
            jdbc.query("select id, reference, amount, balance_after from ledger_entry where owner_id = ? and reference in ("
                    + "?,".repeat(chunk.size() - 1) + "?)", rs -> {
                        entries.put(rs.getString(2), new EntryView(rs.getLong(1), rs.getString(2),
                                plain(rs.getBigDecimal(3)), plain(rs.getBigDecimal(4))));
                    }, arguments.toArray());
        }
        return entries;
    }

    private static LineView line(BillType type, String region, long quantity, BigDecimal amount, String tiers) {
        boolean traffic = type == BillType.HOUR_FLOW;
        BigDecimal rated = traffic ? new BigDecimal(quantity).divide(BigDecimal.valueOf(1L << 30))
                : new BigDecimal(quantity).movePointLeft(6);
        try {
            return new LineView(region, quantity, traffic ? "byte" : "bit/s", plain(rated),
                    traffic ? TrafficRating.UNIT : BandwidthRating.UNIT,
                    JSON.readValue(tiers, new TypeReference<List<Map<String, Object>>>() { }), plain(amount));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tiers of a bill line are not JSON: " + tiers, e);
        }
    }

    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
