package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cdnbilling.retention.RetentionPurge;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PostgresTestDatabases;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * What one refused {@code OpenCdnService} call costs on PostgreSQL: every refusal runs the activation process up
 * to a rejection, so it leaves a finished process instance, and a compact record of its own
 * ({@code activation_refusal}). {@value #CALLS} refused calls of one account against a fresh database; the growth
 * of Camunda's history tables, its byte arrays and the refusal records ({@code pg_total_relation_size}: table,
 * indexes and TOAST), and of their rows, divided by the calls: first while the refusals are less than a day old
 * (operators find each in the engine history by its RequestId), then once the application's clock is past that
 * day and the retention purge has run: what is kept beyond a day, measured after {@code VACUUM FULL} on both sides
 * (PostgreSQL does not give deleted rows' space back otherwise). The figures are logged ("Cost of one refused
 * call") and go into docs/history-retention.md; the test fails if a refusal starts writing byte arrays, costs
 * more than {@value #FIRST_DAY_BUDGET_BYTES} bytes in its first day or more than {@value #KEPT_BUDGET_BYTES}
 * bytes beyond it.
 */
@DemoApplicationTest
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.gateway.calls-per-second.OpenCdnService=100000",
        "cdn.retention.purge-every=PT24H"})
class RefusedCallHistoryCostTest {

    private static final Logger log = LoggerFactory.getLogger(RefusedCallHistoryCostTest.class);
    private static final int CALLS = 500;
    private static final int FIRST_DAY_BUDGET_BYTES = 16_384;
    private static final int KEPT_BUDGET_BYTES = 1_024;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ShiftableClock clock;

    @Autowired
    RetentionPurge purge;

    @Test
    void historyOfOneRefusedCall() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createAccount(client, Accounts.eligibleAccountJson()
                .replace("\"balance\":100", "\"balance\":0"));
        // warm-up: the first call creates what every later one finds (statements, the definition's cache); a day
        // later its history is purged, so that what it leaves is not counted
        assertThat(refuse(client, account).field("Code")).isEqualTo("InsufficientBalance");
        clock.shift(Duration.ofDays(1).plusMinutes(1));
        assertThat(purge.purge()).as("history instances removed").isOne();

        Map<String, long[]> before = compactedSizesAndRows();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<String> requestIds = new ArrayList<>();
        try {
            List<Future<HttpTestClient.Reply>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(callers.submit(() -> refuse(client, account)));
            }
            for (Future<HttpTestClient.Reply> call : calls) {
                HttpTestClient.Reply reply = call.get();
                assertThat(reply.field("Code")).isEqualTo("InsufficientBalance");
                requestIds.add(reply.header("x-acs-request-id"));
            }
        } finally {
            callers.shutdownNow();
        }
        Map<String, long[]> firstDay = sizesAndRows();
        long firstDayBytes = report("in its first day", before, firstDay);
        String someRefusal = requestIds.get(CALLS / 2);
        assertThat(refusedInstancesWithRequestId(client, someRefusal)).as("found by its RequestId").isOne();

        clock.shift(Duration.ofDays(1).plusMinutes(1));
        assertThat(purge.purge()).as("history instances removed").isEqualTo(CALLS);
        Map<String, long[]> kept = compactedSizesAndRows();
        long keptBytes = report("kept beyond a day", before, kept);

        assertThat(refusedInstancesWithRequestId(client, someRefusal)).as("engine history after a day").isZero();
        HttpTestClient.Reply record = client.admin("GET", "/admin/refusals/" + someRefusal, null, "demo", "demo");
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.json()).containsEntry("requestId", someRefusal)
                .containsEntry("ownerId", (int) account.ownerId()).containsEntry("code", "InsufficientBalance");
        assertThat(firstDay.get("act_ge_bytearray")[1]).as("byte arrays").isEqualTo(before.get("act_ge_bytearray")[1]);
        assertThat(firstDay.get("act_hi_procinst")[1] - before.get("act_hi_procinst")[1]).isEqualTo(CALLS);
        assertThat(kept.get("activation_refusal")[1] - before.get("activation_refusal")[1]).isEqualTo(CALLS);
        assertThat(firstDayBytes).as("bytes per refused call in its first day").isLessThan(FIRST_DAY_BUDGET_BYTES);
        assertThat(keptBytes).as("bytes per refused call kept beyond a day").isLessThan(KEPT_BUDGET_BYTES);
    }

    /** An OpenCdnService call refused for the balance, signed at the application's (shifted) time. */
    private HttpTestClient.Reply refuse(HttpTestClient client, TestAccount account) {
        return client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic"));
    }

    /** The refused activations whose {@code requestId} variable is the given one, as Cockpit's search finds them. */
    private static int refusedInstancesWithRequestId(HttpTestClient client, String requestId) {
        HttpTestClient.Reply count = client.admin("GET", "/engine-rest/history/process-instance/count?"
                + "processDefinitionKey=cdn-activation&finished=true&variables=requestId_eq_" + requestId, null,
                "demo", "demo");
        assertThat(count.status()).isEqualTo(200);
        return ((Number) count.field("count")).intValue();
    }

    private long report(String when, Map<String, long[]> before, Map<String, long[]> after) {
        long bytes = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, long[]> table : after.entrySet()) {
            long[] was = before.get(table.getKey());
            long grownBytes = table.getValue()[0] - was[0];
            long grownRows = table.getValue()[1] - was[1];
            bytes += grownBytes;
            if (grownBytes != 0 || grownRows != 0) {
                report.append(String.format("%n  %-24s %8.1f bytes %6.2f rows", table.getKey(),
                        (double) grownBytes / CALLS, (double) grownRows / CALLS));
            }
        }
        log.info("Cost of one refused call {}, {} calls on PostgreSQL: {} bytes{}", when, CALLS, bytes / CALLS,
                report);
        return bytes / CALLS;
    }

    /** As {@link #sizesAndRows()}, after {@code VACUUM FULL} has rewritten each table without its dead rows. */
    private Map<String, long[]> compactedSizesAndRows() {
        for (String table : tables()) {
            jdbc.execute("vacuum full " + table);
        }
        return sizesAndRows();
    }

    /**
     * Size on disk (table, indexes, TOAST) and rows of each of Camunda's history tables, the byte arrays and the
     * refusal records.
     */
    private Map<String, long[]> sizesAndRows() {
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (String table : tables()) {
            long size = jdbc.queryForObject("select pg_total_relation_size(?::regclass)", Long.class, table);
            long rows = jdbc.queryForObject("select count(*) from " + table, Long.class);
            sizes.put(table, new long[] {size, rows});
        }
        return sizes;
    }

    private List<String> tables() {
        return jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema() "
                + "and (tablename like 'act\\_hi\\_%' or tablename in ('act_ge_bytearray', 'activation_refusal')) "
                + "order by tablename", String.class);
    }
}
