package org.cdnbilling.bench.pgwire;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one {@link PgWireCounter}, shared by all its connections: statements executed, round
 * trips, connections, and executions per SQL text (pgjdbc sends literals as parameters, so the text is the
 * statement). At most {@link #MAX_TEXTS} texts are kept apart; executions of further texts are counted under
 * {@link #OTHER}.
 */
public final class StatementCounts {

    public static final int MAX_TEXTS = 5_000;
    public static final String OTHER = "(other statements: more than " + MAX_TEXTS + " texts)";

    private final ConcurrentHashMap<String, LongAdder> bySql = new ConcurrentHashMap<>();
    private final LongAdder executes = new LongAdder();
    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder connections = new LongAdder();

    /** The counter of one SQL text (resolved once per Parse or simple query, incremented per execution). */
    LongAdder counter(String sql) {
        LongAdder counter = bySql.get(sql);
        if (counter != null) {
            return counter;
        }
        return bySql.computeIfAbsent(bySql.size() >= MAX_TEXTS ? OTHER : sql, text -> new LongAdder());
    }

    void executed(LongAdder counter) {
        counter.increment();
        executes.increment();
    }

    void roundTrip() {
        roundTrips.increment();
    }

    void connected() {
        connections.increment();
    }

    /** The counts so far (each counter read once; connections still at work may move on meanwhile). */
    public WireCounts snapshot() {
        Map<String, Long> statements = new LinkedHashMap<>();
        bySql.forEach((sql, counter) -> statements.put(sql, counter.sum()));
        return new WireCounts(connections.sum(), executes.sum(), roundTrips.sum(), statements);
    }
}
