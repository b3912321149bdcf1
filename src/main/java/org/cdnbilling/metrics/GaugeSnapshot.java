package org.cdnbilling.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's gauges ({@link ClusterGauge}) as a snapshot in the table {@code gauge_snapshot} (V25): every
 * {@link GaugeSettings#refreshEvery()} each node tries to take the refresh (a conditional update of the lease row
 * that only one node wins per period), the winner counts every gauge and writes the counts, and each node reads
 * the snapshot into memory. A scrape reads memory only, so any number of scrapes cost the database nothing, and
 * the counting queries run once per period in the cluster, whatever the number of nodes and scrapers. A gauge
 * shows NaN until its first count is read.
 */
@Component
class GaugeSnapshot implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(GaugeSnapshot.class);
    static final String LEASE = "_lease";

    private final List<ClusterGauge> gauges;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final GaugeSettings settings;
    private final Map<String, Long> values = new ConcurrentHashMap<>();

    GaugeSnapshot(List<ClusterGauge> gauges, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            GaugeSettings settings) {
        this.gauges = List.copyOf(gauges);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        // the lease is between the nodes' wall clocks, not the application's business clock (which tests move)
        this.clock = Clock.systemUTC();
        this.settings = settings;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ClusterGauge gauge : gauges) {
            Gauge.builder(gauge.name(), values, snapshot -> {
                Long value = snapshot.get(gauge.name());
                return value == null ? Double.NaN : value;
            }).description(gauge.description() + " (all nodes together, counted at most once per "
                    + settings.refreshEvery() + ")").strongReference(true).register(registry);
        }
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${cdn.metrics.refresh-every:PT1M}")
    void refresh() {
        try {
            if (takeRefresh()) {
                transactions.executeWithoutResult(status -> gauges.forEach(this::count));
            }
            read();
        } catch (RuntimeException e) {
            log.warn("Gauges not refreshed: {}", e.toString());
        }
    }

    /** Whether this node won the refresh of this period: the lease was last taken a period ago or longer. */
    private boolean takeRefresh() {
        Instant now = clock.instant();
        // a little less than a period, so that the node whose turn it is wins although the timers drift
        Instant due = now.minus(settings.refreshEvery().multipliedBy(9).dividedBy(10));
        return jdbc.update("update gauge_snapshot set taken_at = ? where name = ? and taken_at <= ?",
                Timestamp.from(now), LEASE, Timestamp.from(due)) == 1;
    }

    private void count(ClusterGauge gauge) {
        long value = gauge.count().getAsLong();
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("update gauge_snapshot set gauge_value = ?, taken_at = ? where name = ?", value, now,
                gauge.name()) == 0) {
            jdbc.update("insert into gauge_snapshot (name, gauge_value, taken_at) values (?, ?, ?)", gauge.name(),
                    value, now);
        }
    }

    private void read() {
        jdbc.query("select name, gauge_value from gauge_snapshot where name <> ?", row -> {
            values.put(row.getString(1), row.getLong(2));
        }, LEASE);
    }
}
