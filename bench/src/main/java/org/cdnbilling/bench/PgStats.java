package org.cdnbilling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.cdnbilling.bench.pgwire.WireCounts;

/**
 * PostgreSQL's own statistics of one database, read before and after a measured round ({@code bench/run
 * --postgres}): its commits and rollbacks and the rows it wrote ({@code pg_stat_database}), the size of the
 * engine's history tables ({@code pg_total_relation_size} of every {@code act_hi_*} table) and, where
 * {@code pg_stat_statements} is loaded (and {@code bench/run} created the extension in the fresh database), the
 * statements run in it. Where the side connects through a counting proxy ({@link org.cdnbilling.bench.pgwire.PgWireCounter},
 * its counts' address given), the proxy's counts are read with each snapshot: the statements (when
 * pg_stat_statements is not loaded), the round trips and the executions per SQL text. These snapshots connect to
 * the database directly, not through the proxy.
 *
 * <p>The cumulative statistics are flushed by each backend at most once a second while it works and, once it is
 * idle, after up to {@link #FLUSH_WAIT_MS} (PostgreSQL 15: {@code PGSTAT_IDLE_INTERVAL}, 10 s): a snapshot is
 * therefore taken only after that long without the round's work, see {@link #settledSnapshot()}. Each snapshot
 * is one short connection of its own (a few transactions of its own, counted in the figures: negligible against
 * thousands of activations).
 */
public final class PgStats {

    /** PostgreSQL 15 flushes an idle backend's pending statistics after at most 10 s; one more for margin. */
    public static final long FLUSH_WAIT_MS = 11_000;

    /** Texts in the table of the statements per activation. */
    public static final int TOP_STATEMENTS = 25;

    private final String url;
    private final String user;
    private final String wireCountsUrl;

    /** {@code wireCountsUrl}: the counts of the proxy the side connects through, or null (no proxy). */
    public PgStats(String url, String user, String wireCountsUrl) {
        this.url = url;
        this.user = user;
        this.wireCountsUrl = wireCountsUrl;
    }

    /**
     * The figures of one moment; {@code statements} is -1 when pg_stat_statements cannot be read;
     * {@code writesByTable} the rows inserted, updated and deleted so far in each table; {@code wire} the proxy's
     * counts, null without a proxy.
     */
    public record Snapshot(long commits, long rollbacks, long tuplesWritten, long historyBytes, long statements,
            double activeMs, double idleInTransactionMs, Map<String, Long> writesByTable,
            Map<String, Long> scansByTable, WireCounts wire, long takenAtNanos) {

        /** Per activation between {@code before} and this snapshot. */
        public Delta since(Snapshot before, int activations) {
            Map<String, Double> tables = perActivation(writesByTable, before.writesByTable, activations);
            Map<String, Double> scans = perActivation(scansByTable, before.scansByTable, activations);
            WireCounts counted = wire == null || before.wire == null ? null : wire.since(before.wire);
            boolean statementStatistics = statements >= 0 && before.statements >= 0;
            double statementsPerActivation = statementStatistics
                    ? (double) (statements - before.statements) / activations
                    : counted != null ? (double) counted.executes() / activations : Double.NaN;
            String source = statementStatistics ? "pg_stat_statements" : counted != null ? "proxy" : "none";
            return new Delta(activations,
                    (double) (commits + rollbacks - before.commits - before.rollbacks) / activations,
                    (double) (tuplesWritten - before.tuplesWritten) / activations,
                    (double) (historyBytes - before.historyBytes) / activations,
                    statementsPerActivation, source,
                    counted == null ? Double.NaN : (double) counted.roundTrips() / activations,
                    (activeMs - before.activeMs) / activations,
                    (idleInTransactionMs - before.idleInTransactionMs) / activations,
                    tables, scans, counted, (takenAtNanos - before.takenAtNanos) / 1e9);
        }

        private static Map<String, Double> perActivation(Map<String, Long> after, Map<String, Long> before,
                int activations) {
            Map<String, Double> tables = new LinkedHashMap<>();
            after.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> tables.put(e.getKey(), (double) e.getValue() / activations));
            return tables;
        }
    }

    /**
     * Figures per activation over a window of {@code seconds}; {@code writesByTable} largest first;
     * {@code statementsSource} where {@code statements} comes from (pg_stat_statements, proxy or none);
     * {@code wire} what the proxy counted in the window (null without a proxy).
     */
    public record Delta(int activations, double commits, double tuplesWritten, double historyBytes,
            double statements, String statementsSource, double roundTrips, double activeMs,
            double idleInTransactionMs, Map<String, Double> writesByTable, Map<String, Double> scansByTable,
            WireCounts wire, double seconds) {

        /**
         * The {@link #TOP_STATEMENTS} texts most executed per activation, one a line starting with {@code prefix}
         * (the proxy's counts; empty without a proxy).
         */
        public String describeTopStatements(String prefix) {
            if (wire == null) {
                return "";
            }
            return String.format(Locale.ROOT, "%sstatements per activation (counting proxy, %d executions in %d"
                    + " round trips over %d activations, %d texts), most executed first:%n", prefix, wire.executes(),
                    wire.roundTrips(), activations, wire.byText().size())
                    + wire.table(prefix, activations, TOP_STATEMENTS, 120);
        }

        /** Every text the proxy counted in the window, per activation, into {@code file} (nothing without a proxy). */
        public void writeStatements(Path file) throws IOException {
            if (wire != null) {
                Files.writeString(file, String.format(Locale.ROOT, "per activation over %d activations:"
                        + " statements=%.3f round-trips=%.3f%n", activations, (double) wire.executes() / activations,
                        roundTrips) + wire.table("", activations, Integer.MAX_VALUE, 100_000));
            }
        }

        /** The rows written per activation, table by table (largest first). */
        public String describeTables() {
            return describe(writesByTable);
        }

        /** The index and sequential scans per activation, table by table (largest first). */
        public String describeScans() {
            return describe(scansByTable);
        }

        private static String describe(Map<String, Double> byTable) {
            StringBuilder text = new StringBuilder();
            byTable.forEach((table, n) -> text.append(text.length() == 0 ? "" : " ")
                    .append(String.format(Locale.ROOT, "%s=%.2f", table, n)));
            return text.toString();
        }

        public void putInto(Results results, String prefix) {
            results.put(prefix + ".pg.activations", activations)
                    .put(prefix + ".pg.commits-per-activation", commits)
                    .put(prefix + ".pg.tuples-written-per-activation", tuplesWritten)
                    .put(prefix + ".pg.history-bytes-per-activation", historyBytes)
                    .put(prefix + ".pg.statements-per-activation", statements)
                    .put(prefix + ".pg.statements-source", statementsSource)
                    .put(prefix + ".pg.round-trips-per-activation", roundTrips)
                    .put(prefix + ".pg.active-ms-per-activation", activeMs)
                    .put(prefix + ".pg.idle-in-transaction-ms-per-activation", idleInTransactionMs)
                    .put(prefix + ".pg.window-s", seconds);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s commits/activation=%.2f tuples-written/activation=%.1f"
                    + " history-bytes/activation=%.0f; backends active %.2f ms/activation, idle in transaction"
                    + " %.2f ms/activation (%d activations, window %.1f s)", statementsText(statements, roundTrips),
                    commits, tuplesWritten, historyBytes, activeMs, idleInTransactionMs, activations, seconds);
        }
    }

    /**
     * How the statements and round trips figures read ({@code NaN}: not counted, neither pg_stat_statements loaded
     * nor a counting proxy; round trips only from the proxy).
     */
    public static String statementsText(double statements, double roundTrips) {
        return (Double.isNaN(statements) ? "statements/activation=n/a (pg_stat_statements not loaded, no proxy)"
                : String.format(Locale.ROOT, "statements/activation=%.1f", statements))
                + (Double.isNaN(roundTrips) ? " round-trips/activation=n/a"
                : String.format(Locale.ROOT, " round-trips/activation=%.1f", roundTrips));
    }

    /** After {@link #FLUSH_WAIT_MS} (every backend's statistics flushed), a snapshot. */
    public Snapshot settledSnapshot() throws SQLException, InterruptedException {
        Thread.sleep(FLUSH_WAIT_MS);
        return snapshot();
    }

    public Snapshot snapshot() throws SQLException {
        long statements = statements(false);
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select xact_commit, xact_rollback,"
                        + " tup_inserted + tup_updated + tup_deleted, active_time, idle_in_transaction_time,"
                        + " (select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c"
                        + "   join pg_namespace n on n.oid = c.relnamespace"
                        + "  where c.relkind in ('r', 'p') and c.relname like 'act\\_hi\\_%'"
                        + "    and n.nspname not in ('pg_catalog', 'information_schema'))"
                        + " from pg_stat_database where datname = current_database()")) {
            rows.next();
            long commits = rows.getLong(1);
            long rollbacks = rows.getLong(2);
            long tuples = rows.getLong(3);
            long historyBytes = rows.getLong(6);
            double activeMs = rows.getDouble(4);
            double idleInTransactionMs = rows.getDouble(5);
            Map<String, Long> tables = new LinkedHashMap<>();
            Map<String, Long> scans = new LinkedHashMap<>();
            try (ResultSet byTable = statement.executeQuery("select relname, n_tup_ins + n_tup_upd + n_tup_del,"
                    + " coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_user_tables")) {
                while (byTable.next()) {
                    tables.merge(byTable.getString(1), byTable.getLong(2), Long::sum);
                    scans.merge(byTable.getString(1), byTable.getLong(3), Long::sum);
                }
            }
            return new Snapshot(commits, rollbacks, tuples, historyBytes, statements, activeMs, idleInTransactionMs,
                    tables, scans, wireCounts(), System.nanoTime());
        }
    }

    /** The statements run in this database so far, or -1 when pg_stat_statements cannot be read here. */
    private long statements(boolean quiet) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "select 1 from pg_extension where extname = 'pg_stat_statements'")) {
                if (!rows.next()) {
                    return -1;
                }
            }
            try (ResultSet rows = statement.executeQuery("select coalesce(sum(calls), 0) from pg_stat_statements"
                    + " where dbid = (select oid from pg_database where datname = current_database())")) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            if (!quiet) {
                System.out.println("pg_stat_statements not readable: " + e.getMessage());
            }
            return -1;
        }
    }

    private WireCounts wireCounts() {
        if (wireCountsUrl == null) {
            return null;
        }
        try {
            return WireCounts.fetch(wireCountsUrl);
        } catch (IOException e) {
            throw new IllegalStateException("the counting proxy's counts are not readable: " + wireCountsUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + wireCountsUrl, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
}
