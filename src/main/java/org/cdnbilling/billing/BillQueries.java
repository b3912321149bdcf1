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

    /** A bill: the whole period re-rated ({@code ratedAmount}), less what earlier bills charged, is its total. */
    public record BillView(String billType, Instant periodStart, Instant periodEnd, int supplement, String chargeType,
            String currency, List<LineView> lines, String ratedAmount, String previouslyBilled, String total,
            String runId, Instant createdAt, EntryView ledgerEntry) {
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

    /** The account's bills whose period starts in [from, to), by period, then supplement. */
    @Transactional(readOnly = true)
    public List<BillView> bills(long ownerId, Instant from, Instant to) {
        Map<String, BillView> bills = new LinkedHashMap<>();
        Map<String, List<LineView>> lines = new HashMap<>();
        jdbc.query("select bill_type, period_start, supplement, period_end, charge_type, currency, rated_amount, "
                + "previously_billed, total, run_id, created_at from bill where owner_id = ? and period_start >= ? "
                + "and period_start < ? order by period_start, bill_type, supplement", rs -> {
                    BillType type = BillType.fromWire(rs.getString(1)).orElseThrow();
                    Instant start = rs.getObject(2, OffsetDateTime.class).toInstant();
                    int supplement = rs.getInt(3);
                    String key = type.reference(start, supplement);
                    List<LineView> billLines = new ArrayList<>();
                    lines.put(key, billLines);
                    bills.put(key, new BillView(type.wire(), start, rs.getObject(4, OffsetDateTime.class).toInstant(),
                            supplement, rs.getString(5), rs.getString(6), billLines, plain(rs.getBigDecimal(7)),
                            plain(rs.getBigDecimal(8)), plain(rs.getBigDecimal(9)), rs.getString(10),
                            rs.getObject(11, OffsetDateTime.class).toInstant(), null));
                }, ownerId, utc(from), utc(to));
        if (bills.isEmpty()) {
            return List.of();
        }
        jdbc.query("select bill_type, period_start, supplement, region, quantity, amount, tiers from bill_line "
                + "where owner_id = ? and period_start >= ? and period_start < ? order by region", rs -> {
                    BillType type = BillType.fromWire(rs.getString(1)).orElseThrow();
                    List<LineView> billLines = lines.get(
                            type.reference(rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getInt(3)));
                    if (billLines != null) {
                        billLines.add(line(type, rs.getString(4), rs.getLong(5), rs.getBigDecimal(6), rs.getString(7)));
                    }
                }, ownerId, utc(from), utc(to));
        Map<String, EntryView> entries = entries(ownerId, new ArrayList<>(bills.keySet()));
        List<BillView> views = new ArrayList<>();
        bills.forEach((reference, bill) -> views.add(new BillView(bill.billType(), bill.periodStart(),
                bill.periodEnd(), bill.supplement(), bill.chargeType(), bill.currency(), bill.lines(),
                bill.ratedAmount(), bill.previouslyBilled(), bill.total(), bill.runId(), bill.createdAt(),
                entries.get(reference))));
        return views;
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
