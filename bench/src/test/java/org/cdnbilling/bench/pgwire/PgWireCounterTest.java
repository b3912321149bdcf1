package org.cdnbilling.bench.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The proxy between pgjdbc and the local PostgreSQL server (PGHOST, PGPORT, PGUSER: 127.0.0.1, 5432, postgres,
 * trust auth; skipped where none answers): what pgjdbc sends, as the proxy counts it. Temporary tables only.
 */
class PgWireCounterTest {

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final int PORT = Integer.parseInt(System.getenv().getOrDefault("PGPORT", "5432"));
    private static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");

    @Test
    void countsWhatPgjdbcSendsAndForwardsTheAnswers() throws Exception {
        assumeTrue(serverAnswers(), "no PostgreSQL server at " + HOST + ":" + PORT);
        StatementCounts counts = new StatementCounts();
        try (PgWireCounter proxy = new PgWireCounter(0, new InetSocketAddress(HOST, PORT), counts).start();
                // pgjdbc's default sslmode (prefer) asks for SSL first: the proxy declines it
                Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", USER, "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create temporary table counted (id int primary key, v text)");
            }
            WireCounts before = counts.snapshot();
            // seven executions: the first four unnamed, then a named server-side statement (prepareThreshold 5)
            try (PreparedStatement insert = connection.prepareStatement("insert into counted (id, v) values (?, ?)")) {
                for (int id = 1; id <= 7; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "v" + id);
                    assertEquals(1, insert.executeUpdate());
                }
            }
            WireCounts singles = counts.snapshot().since(before);
            assertEquals(7, singles.executes());
            assertEquals(7, singles.roundTrips());
            assertEquals(Map.of("insert into counted (id, v) values ($1, $2)", 7L), singles.statements());

            // a transaction: BEGIN goes with the first statement, a batch of five updates in one round trip
            before = counts.snapshot();
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("update counted set v = ? where id = ?")) {
                for (int id = 1; id <= 5; id++) {
                    update.setString(1, "w" + id);
                    update.setInt(2, id);
                    update.addBatch();
                }
                update.executeBatch();
            }
            connection.commit();
            connection.setAutoCommit(true);
            WireCounts transaction = counts.snapshot().since(before);
            assertEquals(Map.of("BEGIN", 1L, "update counted set v = $1 where id = $2", 5L, "COMMIT", 1L),
                    transaction.statements());
            assertEquals(7, transaction.executes());
            assertEquals(2, transaction.roundTrips());

            // the answers came back whole
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select string_agg(v, ',' order by id) from counted")) {
                rows.next();
                assertEquals("w1,w2,w3,w4,w5,v6,v7", rows.getString(1));
            }
        }
        assertEquals(1, counts.snapshot().connections());
    }

    private static boolean serverAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
