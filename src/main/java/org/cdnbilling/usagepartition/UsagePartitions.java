package org.cdnbilling.usagepartition;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.cdnbilling.persistence.DatabaseProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The daily partitions of {@code usage_sample} and {@code usage_hour} on PostgreSQL (V31): every node, at start-up
 * and every {@code cdn.usage.partitions.maintain-every}, creates the partitions of every Beijing day from the
 * oldest day a sample is still accepted for to {@code days-ahead} days after today, and drops those whose whole day
 * is past retention ({@code cdn.usage.retention} for the samples, {@code hour-retention} for the hourly totals):
 * a partition is detached ({@code detach partition ... concurrently}, which waits for the transactions that use
 * it) and dropped, never a row deleted. A day that still has an unbilled mark is kept (logged) until it is billed.
 * <p>
 * Nodes maintaining at the same moment take turns on a session advisory lock (waiting at most {@link #LOCK_WAIT},
 * after which a round only reads what the other node made); each reads the catalogue under it
 * and creates only what is missing ({@code create table if not exists} then {@code attach partition}; a table left
 * unattached by a node that died in between is attached by the next, or dropped if its day is past retention), so the second finds nothing to do.
 * A partition is created as a table of its own and then attached (a {@code share update exclusive} lock on the
 * parent, which ingestion and billing do not wait for) rather than by {@code create table ... partition of}
 * (an {@code access exclusive} lock).
 * <p>
 * Ingestion asks {@link #refusal} for each sample: older than retention is refused on every database; on
 * PostgreSQL, a day without partitions too (after creating the missing days of the window, should maintenance be
 * behind the clock).
 */
@Component
public class UsagePartitions implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UsagePartitions.class);
    /** The session advisory lock the nodes take turns on ("usage partitions"). */
    static final long LOCK = 0x75736167_65706172L;
    /** How long a round waits for another node's round before it only reads what that one made. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(5);
    /** PostgreSQL's {@code lock_not_available}: the lock timeout ran out. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String CATALOGUE = """
            select c.relname, p.relname, i.inhdetachpending from pg_inherits i
            join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
            where i.inhparent in ('usage_sample'::regclass, 'usage_hour'::regclass)""";

    /** What a maintenance round did, by partition name. */
    public record Maintenance(List<String> created, List<String> dropped, List<String> keptUnbilled) {
    }

    private final DataSource dataSource;
    private final UsageRetentionSettings settings;
    private final Clock clock;
    private final boolean partitioned;
    /** The Beijing days (epoch days) that have a partition in both tables, as last read. */
    private volatile Set<Long> days = Set.of();
    private volatile Map<UsageTable, Integer> counts = new EnumMap<>(UsageTable.class);

    public UsagePartitions(DataSource dataSource, UsageRetentionSettings settings, Clock clock, MeterRegistry meters)
            throws MetaDataAccessException {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.partitioned = DatabaseProduct.of(dataSource) == DatabaseProduct.POSTGRESQL;
        if (partitioned) {
            for (UsageTable table : UsageTable.values()) {
                Gauge.builder("cdn.usage.partitions", () -> counts.getOrDefault(table, 0))
                        .description("Daily partitions of the usage table, as last read by this node")
                        .tag("table", table.table()).register(meters);
            }
        }
    }

    /** Whether the usage tables are partitioned here (PostgreSQL). */
    public boolean partitioned() {
        return partitioned;
    }

    /** The oldest Beijing day a sample is accepted for at {@code now}: that of {@code now - retention}. */
    public BeijingDay oldestAccepted(Instant now) {
        return BeijingDay.of(now.minus(settings.retention()));
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (partitioned) {
            maintain();
        }
    }

    @Scheduled(fixedDelayString = "${cdn.usage.partitions.maintain-every:PT1H}",
            initialDelayString = "${cdn.usage.partitions.maintain-every:PT1H}")
    void maintainOnSchedule() {
        if (!partitioned) {
            return;
        }
        try {
            maintain();
        } catch (RuntimeException e) {
            log.warn("Usage partition maintenance failed, trying again on the next round: {}", e.toString());
        }
    }

    /**
     * Why a sample starting at {@code start} cannot be stored at {@code now}, or empty: older than retention, or
     * (PostgreSQL) of a Beijing day without partitions.
     */
    public Optional<String> refusal(Instant start, Instant now) {
        BeijingDay day = BeijingDay.of(start);
        BeijingDay oldest = oldestAccepted(now);
        if (day.isBefore(oldest)) {
            return Optional.of("start is older than the usage kept: samples are accepted from " + oldest.start()
                    + " on (the Beijing day " + oldest + ", cdn.usage.retention of " + readable(settings.retention()) + ")");
        }
        if (!partitioned || days.contains(day.epochDay())) {
            return Optional.empty();
        }
        BeijingDay last = lastAhead(now);
        if (!last.isBefore(day)) {
            maintain();
        } else {
            read();
        }
        if (days.contains(day.epochDay())) {
            return Optional.empty();
        }
        return Optional.of("no usage partition for the Beijing day " + day + " (partitions are kept from "
                + oldest + " to " + last + ")");
    }

    /** One round: creates what is missing, drops what is past retention; also refreshes what ingestion checks. */
    public synchronized Maintenance maintain() {
        Instant now = clock.instant();
        BeijingDay oldestSample = oldestAccepted(now);
        BeijingDay oldestHour = BeijingDay.of(now.minus(settings.hourRetention()));
        BeijingDay last = lastAhead(now);
        List<String> created = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!lock(connection)) {
                // another node is maintaining (it creates and drops the same days): this round only reads
                log.info("Usage partitions: another node holds the maintenance lock for over {}, round skipped",
                        LOCK_WAIT);
                remember(catalogue(connection));
                return new Maintenance(List.of(), List.of(), List.of());
            }
            try {
                Map<UsageTable, Map<BeijingDay, Boolean>> existing = catalogue(connection);
                for (UsageTable table : UsageTable.values()) {
                    Map<BeijingDay, Boolean> partitions = existing.get(table);
                    for (BeijingDay day = oldestSample; !last.isBefore(day); day = day.next()) {
                        if (!partitions.containsKey(day)) {
                            create(connection, table, day);
                            created.add(table.partition(day));
                        }
                    }
                    BeijingDay oldest = table == UsageTable.USAGE_SAMPLE ? oldestSample : oldestHour;
                    // a partition detached by a node that died before dropping it: no longer in the catalogue
                    for (String orphan : detached(connection, table)) {
                        if (table.dayOf(orphan).filter(day -> day.isBefore(oldest)).isPresent()) {
                            execute(connection, "drop table if exists " + orphan);
                            dropped.add(orphan);
                        }
                    }
                    for (Map.Entry<BeijingDay, Boolean> partition : partitions.entrySet()) {
                        BeijingDay day = partition.getKey();
                        if (!day.isBefore(oldest)) {
                            continue;
                        }
                        if (unbilledBefore(connection, day.end())) {
                            kept.add(table.partition(day));
                        } else {
                            drop(connection, table, day, partition.getValue());
                            dropped.add(table.partition(day));
                        }
                    }
                }
            } finally {
                execute(connection, "select pg_advisory_unlock(" + LOCK + ")");
            }
            remember(catalogue(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("Usage partition maintenance failed: " + e.getMessage(), e);
        }
        if (!created.isEmpty() || !dropped.isEmpty()) {
            log.info("Usage partitions: created {} ({}), dropped {} past retention ({}); kept {} to {} of "
                    + "usage_sample, {} on of usage_hour", created.size(), summary(created), dropped.size(),
                    summary(dropped), oldestSample, last, oldestHour);
        }
        if (!kept.isEmpty()) {
            log.warn("Usage partitions past retention kept, their days still have unbilled usage: {}", kept);
        }
        return new Maintenance(created, dropped, kept);
    }

    /** Reads the catalogue again (what another node created is then accepted here too). */
    public void read() {
        try (Connection connection = dataSource.getConnection()) {
            remember(catalogue(connection));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the usage partitions: " + e.getMessage(), e);
        }
    }

    private BeijingDay lastAhead(Instant now) {
        return BeijingDay.of(now).plusDays(settings.partitions().daysAhead());
    }

    private void remember(Map<UsageTable, Map<BeijingDay, Boolean>> catalogue) {
        Set<Long> both = new HashSet<>();
        catalogue.get(UsageTable.USAGE_SAMPLE).forEach((day, pending) -> {
            if (!pending && Boolean.FALSE.equals(catalogue.get(UsageTable.USAGE_HOUR).get(day))) {
                both.add(day.epochDay());
            }
        });
        Map<UsageTable, Integer> sizes = new EnumMap<>(UsageTable.class);
        catalogue.forEach((table, partitions) -> sizes.put(table, partitions.size()));
        days = Set.copyOf(both);
        counts = sizes;
    }

    /** Each table's partitions by day, with whether a concurrent detach of it is pending. */
    private static Map<UsageTable, Map<BeijingDay, Boolean>> catalogue(Connection connection) throws SQLException {
        Map<UsageTable, Map<BeijingDay, Boolean>> partitions = new EnumMap<>(UsageTable.class);
        for (UsageTable table : UsageTable.values()) {
            partitions.put(table, new TreeMap<>());
        }
        try (Statement sql = connection.createStatement(); ResultSet rs = sql.executeQuery(CATALOGUE)) {
            while (rs.next()) {
                UsageTable table = rs.getString(2).equals(UsageTable.USAGE_SAMPLE.table()) ? UsageTable.USAGE_SAMPLE
                        : UsageTable.USAGE_HOUR;
                String name = rs.getString(1);
                boolean pending = rs.getBoolean(3);
                table.dayOf(name).ifPresent(day -> partitions.get(table).put(day, pending));
            }
        }
        return partitions;
    }

    /** The tables named as the table's partitions that are not attached to it (a detach left without its drop). */
    private static List<String> detached(Connection connection, UsageTable table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and n.nspname = current_schema() and c.relname like ?
                  and not exists (select 1 from pg_inherits i where i.inhrelid = c.oid)""")) {
            query.setString(1, table.table().replace("_", "\\_") + "\\_d%");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static void create(Connection connection, UsageTable table, BeijingDay day) throws SQLException {
        String partition = table.partition(day);
        execute(connection, "create table if not exists " + partition + " (like " + table.table()
                + " including defaults including constraints including indexes)");
        execute(connection, "alter table " + table.table() + " attach partition " + partition + " "
                + table.bounds(day));
    }

    private static void drop(Connection connection, UsageTable table, BeijingDay day, boolean detachPending)
            throws SQLException {
        String partition = table.partition(day);
        execute(connection, "alter table " + table.table() + " detach partition " + partition
                + (detachPending ? " finalize" : " concurrently"));
        execute(connection, "drop table " + partition);
    }

    private static boolean unbilledBefore(Connection connection, Instant end) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select exists (select 1 from unbilled_usage where hour_start < ?)")) {
            query.setObject(1, end.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Takes the session advisory lock, waiting at most {@link #LOCK_WAIT}: a node holding it may be detaching a
     * partition concurrently, which waits for every older transaction, and neither an ingestion call nor the start-up
     * nor the scheduler's thread may wait on that without bound. False if another node kept it that long.
     */
    private static boolean lock(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            execute(connection, "set local lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
            execute(connection, "select pg_advisory_lock(" + LOCK + ")");
            connection.commit();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static void execute(Connection connection, String statement) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static String readable(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + " days" : duration.toString();
    }

    private static String summary(List<String> names) {
        if (names.size() <= 4) {
            return String.join(", ", names);
        }
        return names.get(0) + ", " + names.get(1) + ", ..., " + names.get(names.size() - 1);
    }
}
