package org.cdnbilling.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL's own statistics of one database, read before and after a measured round ({@code bench/run
 * --postgres}): its commits and rollbacks and the rows it wrote ({@code pg_stat_database}), the size of the
 * engine's history tables ({@code pg_total_relation_size} of every {@code act_hi_*} table) and, where
 * {@code pg_stat_statements} is loaded (and {@code bench/run} created the extension in the fresh database), the
 * statements run in it.
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

    private final String url;
    private final String user;

    public PgStats(String url, String user) {
        this.url = url;
        this.user = user;
    }

    /**
     * The figures of one moment; {@code statements} is -1 when pg_stat_statements cannot be read;
     * {@code writesByTable} the rows inserted, updated and deleted so far in each table.
     */
    public record Snapshot(long commits, long rollbacks, long tuplesWritten, long historyBytes, long statements,
            double activeMs, double idleInTransactionMs, Map<String, Long> writesByTable,
            Map<String, Long> scansByTable, long takenAtNanos) {

        /** Per activation between {@code before} and this snapshot. */
        public Delta since(Snapshot before, int activations) {
            Map<String, Double> tables = perActivation(writesByTable, before.writesByTable, activations);
            Map<String, Double> scans = perActivation(scansByTable, before.scansByTable, activations);
            return new Delta(activations,
                    (double) (commits + rollbacks - before.commits - before.rollbacks) / activations,
                    (double) (tuplesWritten - before.tuplesWritten) / activations,
                    (double) (historyBytes - before.historyBytes) / activations,
                    statements < 0 || before.statements < 0 ? Double.NaN
                            : (double) (statements - before.statements) / activations,
                    (activeMs - before.activeMs) / activations,
                    (idleInTransactionMs - before.idleInTransactionMs) / activations,
                    tables, scans, (takenAtNanos - before.takenAtNanos) / 1e9);
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

    /** Figures per activation over a window of {@code seconds}; {@code writesByTable} largest first. */
    public record Delta(int activations, double commits, double tuplesWritten, double historyBytes,
            double statements, double activeMs, double idleInTransactionMs, Map<String, Double> writesByTable,
            Map<String, Double> scansByTable, double seconds) {

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
                    .put(prefix + ".pg.active-ms-per-activation", activeMs)
                    .put(prefix + ".pg.idle-in-transaction-ms-per-activation", idleInTransactionMs)
                    .put(prefix + ".pg.window-s", seconds);
        }

        public String describe() {
            return String.format(Locale.ROOT, "%s commits/activation=%.2f tuples-written/activation=%.1f"
                    + " history-bytes/activation=%.0f; backends active %.2f ms/activation, idle in transaction"
                    + " %.2f ms/activation (%d activations, window %.1f s)", statementsText(statements),
                    commits, tuplesWritten, historyBytes, activeMs, idleInTransactionMs, activations, seconds);
        }
    }

    /** How a statements figure reads ({@code NaN}: pg_stat_statements not loaded). */
    public static String statementsText(double statements) {
        return Double.isNaN(statements) ? "statements/activation=n/a (pg_stat_statements not loaded)"
                : String.format(Locale.ROOT, "statements/activation=%.1f", statements);
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
                    tables, scans, System.nanoTime());
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

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
}
