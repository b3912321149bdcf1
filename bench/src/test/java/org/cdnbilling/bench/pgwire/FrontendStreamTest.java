package org.cdnbilling.bench.pgwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontendStreamTest {

    /**
     * A session as pgjdbc sends it, one write (a round trip) each: a transaction, a named statement bound
     * three times, a batch, simple queries.
     */
    private static List<byte[]> session() {
        return List.of(
                // BEGIN as a simple query, sent with the first statement: one round trip
                new Messages().query("BEGIN").parse("", "select * from t where id = $1").bind("", "").execute("")
                        .sync().bytes(),
                new Messages().parse("S_1", "update t set v = $1 where id = $2").bind("", "S_1").execute("").sync()
                        .bytes(),
                // a batch: two Bind/Execute, one Sync
                new Messages().bind("", "S_1").execute("").bind("", "S_1").execute("").sync().bytes(),
                new Messages().parse("", "COMMIT").bind("", "").execute("").sync().bytes(),
                // a named portal executed twice (fetch size): one statement, one round trip (to the Sync)
                new Messages().parse("", "select v from t").bind("C_1", "").execute("C_1").flush().bytes(),
                new Messages().execute("C_1").sync().bytes(),
                new Messages().close('S', "S_1").sync().bytes(),
                new Messages().query("SET application_name = 'a;b'; select 1").bytes(),
                new Messages().query("").bytes(),
                new Messages().terminate().bytes());
    }

    private static void assertSession(WireCounts counts) {
        assertEquals(10, counts.executes());
        assertEquals(8, counts.roundTrips());
        assertEquals(Map.of("BEGIN", 1L, "select * from t where id = $1", 1L,
                "update t set v = $1 where id = $2", 3L, "COMMIT", 1L, "select v from t", 1L,
                "SET application_name = 'a;b'", 1L, "select 1", 1L, SqlText.EMPTY, 1L), counts.statements());
    }

    /** Feeds the writes in pieces of {@code piece} bytes, then ends the connection. */
    private static WireCounts feed(List<byte[]> writes, int piece) {
        StatementCounts counts = new StatementCounts();
        FrontendStream stream = new FrontendStream(counts);
        for (byte[] write : writes) {
            for (int offset = 0; offset < write.length; offset += piece) {
                stream.feed(write, offset, Math.min(piece, write.length - offset));
            }
        }
        stream.ended();
        return counts.snapshot();
    }

    @Test
    void countsStatementsAndRoundTripsOfOneSession() {
        assertSession(feed(session(), Integer.MAX_VALUE));
    }

    @Test
    void countsTheSameWhereverTheSocketSplitsAWrite() {
        for (int piece : List.of(1, 2, 3, 5, 7, 13, 64)) {
            assertSession(feed(session(), piece));
        }
    }

    @Test
    void pgjdbcsBeginIsNoRoundTripOfItsOwnAnOtherQueryIs() {
        // BEGIN, then a statement: one round trip, however the writes came
        WireCounts begin = feed(List.of(new Messages().query("BEGIN").bytes(),
                new Messages().parse("", "select 1").bind("", "").execute("").sync().bytes()), Integer.MAX_VALUE);
        assertEquals(1, begin.roundTrips());
        assertEquals(2, begin.executes());
        WireCounts readOnly = feed(List.of(new Messages().query("BEGIN READ ONLY").bind("", "").execute("").sync()
                .bytes()), Integer.MAX_VALUE);
        assertEquals(1, readOnly.roundTrips());
        // a BEGIN followed by another Query (psql's way), or last: a round trip of its own
        WireCounts queries = feed(List.of(new Messages().query("BEGIN").bytes(), new Messages().query("select 1")
                .bytes(), new Messages().query("BEGIN").bytes()), Integer.MAX_VALUE);
        assertEquals(3, queries.roundTrips());
        assertEquals(3, queries.executes());
    }

    @Test
    void anExecuteOfAStatementItNeverSawPreparedIsCountedAsUnknown() {
        WireCounts counts = feed(List.of(new Messages().bind("", "S_9").execute("").sync().bytes()), Integer.MAX_VALUE);
        assertEquals(Map.of(FrontendStream.UNKNOWN, 1L), counts.statements());
    }

    @Test
    void aLongTextIsCountedUnderItsFirstBytesAndTheMessagesAfterItStillCount() {
        String longSql = "select '" + "x".repeat(FrontendStream.SQL_LIMIT * 2) + "'";
        WireCounts snapshot = feed(List.of(new Messages().parse("", longSql).bind("", "").execute("").sync().bytes(),
                new Messages().parse("", "select 2").bind("", "").execute("").sync().bytes()), 1000);
        assertEquals(2, snapshot.executes());
        assertEquals(2, snapshot.roundTrips());
        assertEquals(1L, snapshot.statements().get("select 2"));
        assertEquals(1L, snapshot.statements().get(longSql.substring(0, FrontendStream.SQL_LIMIT - 1)));
    }

    @Test
    void splitsASimpleQueryOutsideQuotesAndComments() {
        assertEquals(List.of("select 1", "select ';' -- ;", "select \"a;b\" /* ; */"),
                SqlText.statements("select 1; select ';' -- ;\n; select \"a;b\" /* ; */;"));
        assertEquals(List.of(SqlText.EMPTY), SqlText.statements(" ; "));
    }

    @Test
    void sinceCountsOnlyWhatRanInBetweenAndByTextMergesWhiteSpace() {
        WireCounts before = new WireCounts(1, 3, 2, Map.of("select\n  1", 2L, "select 2", 1L));
        WireCounts after = new WireCounts(3, 10, 6, Map.of("select\n  1", 4L, "select 1", 3L, "select 2", 1L,
                "select 3", 2L));
        WireCounts delta = after.since(before);
        assertEquals(new WireCounts(2, 7, 4, Map.of("select\n  1", 2L, "select 1", 3L, "select 3", 2L)), delta);
        assertEquals(List.of(Map.entry("select 1", 5L), Map.entry("select 3", 2L)),
                List.copyOf(delta.byText().entrySet()));
    }

    /** Frontend messages as the protocol (version 3) frames them. */
    private static final class Messages {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Messages parse(String name, String sql) {
            return message('P', cstring(name), cstring(sql), new byte[] {0, 0});
        }

        Messages bind(String portal, String statement) {
            // no parameter formats, no parameters, no result formats
            return message('B', cstring(portal), cstring(statement), new byte[] {0, 0, 0, 0, 0, 0});
        }

        Messages execute(String portal) {
            return message('E', cstring(portal), new byte[] {0, 0, 0, 0});
        }

        Messages close(char kind, String name) {
            return message('C', new byte[] {(byte) kind}, cstring(name));
        }

        Messages sync() {
            return message('S');
        }

        Messages flush() {
            return message('H');
        }

        Messages query(String sql) {
            return message('Q', cstring(sql));
        }

        Messages terminate() {
            return message('X');
        }

        private Messages message(char type, byte[]... parts) {
            int length = 4;
            for (byte[] part : parts) {
                length += part.length;
            }
            out.write(type);
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return this;
        }

        private static byte[] cstring(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            byte[] terminated = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, terminated, 0, bytes.length);
            return terminated;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
