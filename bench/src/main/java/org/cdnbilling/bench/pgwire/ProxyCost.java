package org.cdnbilling.bench.pgwire;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import org.cdnbilling.bench.BenchMain.Options;

/**
 * What the counting proxy adds to one round trip ({@code pgproxy-cost} mode, docs/performance.md, "PostgreSQL"):
 * one connection straight to the server and one through a {@link PgWireCounter} in this JVM, each running a
 * prepared {@code select 1} ({@code --round-trips} times, after as many for warm-up), in blocks of 1000 taken in
 * turn from the two connections so that a change of the machine's load touches both alike. Prints the median and
 * the 90th percentile of the blocks' mean time per round trip, for each connection, and their difference.
 */
public final class ProxyCost {

    private static final int BLOCK = 1000;

    private ProxyCost() {
    }

    public static void run(Options options) throws Exception {
        String host = options.get("host");
        int port = options.integer("port");
        String user = options.get("user");
        String database = options.get("database");
        int blocks = Math.max(1, options.integer("round-trips") / BLOCK);
        try (PgWireCounter proxy = new PgWireCounter(0, new InetSocketAddress(host, port), new StatementCounts())
                .start();
                Connection direct = DriverManager.getConnection(
                        "jdbc:postgresql://" + host + ":" + port + "/" + database, user, "");
                Connection proxied = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + database, user, "");
                PreparedStatement straight = direct.prepareStatement("select 1");
                PreparedStatement through = proxied.prepareStatement("select 1")) {
            block(straight, blocks * BLOCK);
            block(through, blocks * BLOCK);
            double[] straightMicros = new double[blocks];
            double[] throughMicros = new double[blocks];
            for (int b = 0; b < blocks; b++) {
                straightMicros[b] = block(straight, BLOCK);
                throughMicros[b] = block(through, BLOCK);
            }
            System.out.printf(Locale.ROOT, "pgproxy-cost: %d round trips each (prepared select 1), blocks of %d:"
                    + " direct median %.1f us p90 %.1f us, through the proxy median %.1f us p90 %.1f us;"
                    + " the proxy adds %.1f us per round trip (medians)%n", blocks * BLOCK, BLOCK,
                    percentile(straightMicros, 50), percentile(straightMicros, 90), percentile(throughMicros, 50),
                    percentile(throughMicros, 90), percentile(throughMicros, 50) - percentile(straightMicros, 50));
        }
    }

    /** The mean time of one round trip over {@code count}, in microseconds. */
    private static double block(PreparedStatement select, int count) throws SQLException {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
            }
        }
        return (System.nanoTime() - start) / 1e3 / count;
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
