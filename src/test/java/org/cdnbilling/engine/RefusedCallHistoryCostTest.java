package org.cdnbilling.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PostgresTestDatabases;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * What the history of one refused {@code OpenCdnService} call costs on PostgreSQL: every refusal runs the
 * activation process up to a rejection, so it leaves a finished process instance, kept for its time to live
 * (P30D). {@value #CALLS} refused calls of one account against a fresh database; the growth of Camunda's
 * history tables and byte arrays ({@code pg_total_relation_size}: table, indexes and TOAST), and of their rows,
 * divided by the calls. The figures are logged ("History of one refused call") and go into
 * docs/history-retention.md; the test fails if a refusal starts writing byte arrays or costs more than
 * {@value #BUDGET_BYTES} bytes.
 */
@DemoApplicationTest
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
@TestPropertySource(properties = "cdn.gateway.calls-per-second.OpenCdnService=100000")
class RefusedCallHistoryCostTest {

    private static final Logger log = LoggerFactory.getLogger(RefusedCallHistoryCostTest.class);
    private static final int CALLS = 500;
    private static final int BUDGET_BYTES = 16_384;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void historyOfOneRefusedCall() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createAccount(client, Accounts.eligibleAccountJson()
                .replace("\"balance\":100", "\"balance\":0"));
        // warm-up: the first call creates what every later one finds (statements, the definition's cache)
        assertThat(client.openCdnService(account, "PayByTraffic").field("Code")).isEqualTo("InsufficientBalance");

        Map<String, long[]> before = sizesAndRows();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(callers.submit(() -> client.openCdnService(account, "PayByTraffic").field("Code")));
            }
            for (Future<Object> call : calls) {
                assertThat(call.get()).isEqualTo("InsufficientBalance");
            }
        } finally {
            callers.shutdownNow();
        }
        Map<String, long[]> after = sizesAndRows();

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
        log.info("History of one refused call, {} calls on PostgreSQL: {} bytes{}", CALLS, bytes / CALLS, report);

        assertThat(after.get("act_ge_bytearray")[1]).as("byte arrays").isEqualTo(before.get("act_ge_bytearray")[1]);
        assertThat(after.get("act_hi_procinst")[1] - before.get("act_hi_procinst")[1]).isEqualTo(CALLS);
        assertThat(bytes / CALLS).as("bytes of history per refused call").isLessThan(BUDGET_BYTES);
    }

    /** Size on disk (table, indexes, TOAST) and rows of each of Camunda's history tables and the byte arrays. */
    private Map<String, long[]> sizesAndRows() {
        Map<String, long[]> tables = new LinkedHashMap<>();
        for (String table : jdbc.queryForList("select tablename from pg_tables where schemaname = current_schema() "
                + "and (tablename like 'act\\_hi\\_%' or tablename = 'act_ge_bytearray') order by tablename",
                String.class)) {
            long size = jdbc.queryForObject("select pg_total_relation_size(?::regclass)", Long.class, table);
            long rows = jdbc.queryForObject("select count(*) from " + table, Long.class);
            tables.put(table, new long[] {size, rows});
        }
        return tables;
    }
}
