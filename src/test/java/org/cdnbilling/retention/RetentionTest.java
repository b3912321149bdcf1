package org.cdnbilling.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.runtime.Job;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * What removes the rows that grow with traffic, and when (docs/history-retention.md): the engine history of a
 * refused activation after a day (its compact record stays and is read by RequestId), that record after 30 days,
 * Camunda's meter log after 400 days, while an accepted activation's history, bills, the ledger and the usage
 * tables stay; a successful run of Camunda's history cleanup leaves no job log row. The application's clock moves
 * on; the purge that runs every five minutes is called directly (the test sets it to a day, so that it does not
 * run meanwhile).
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = "cdn.retention.purge-every=PT24H")
class RetentionTest {

    private static final List<String> KEPT_TABLES = List.of("bill", "bill_line", "ledger_entry", "usage_sample",
            "usage_hour", "cdn_order", "cdn_service");

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    RetentionPurge purge;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachKindOfRowIsRemovedAfterItsRetentionAndMoneyAndUsageAreKept() {
        HttpTestClient client = new HttpTestClient(port);
        BillingRuns.run(client);   // bills the demo's seeded usage: bills and ledger entries to keep
        TestAccount refused = Accounts.createAccount(client, Accounts.eligibleAccountJson()
                .replace("\"balance\":100", "\"balance\":0"));
        HttpTestClient.Reply refusal = client.signedGetAt(clock, refused, "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic"));
        assertThat(refusal.field("Code")).isEqualTo("InsufficientBalance");
        String requestId = refusal.header("x-acs-request-id");
        TestAccount accepted = Accounts.createOpenedAccount(client, clock, "PayByTraffic");
        management.reportDbMetricsNow();
        Map<String, Integer> kept = rows(KEPT_TABLES);
        assertThat(kept).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
        assertThat(meterLogRows()).isPositive();

        // within the day: the refusal's history is there, and operators read it by its RequestId
        assertThat(purge.purge()).isZero();
        assertThat(instancesWithRequestId(client, requestId)).isOne();
        assertThat(refusalRecord(client, requestId).status()).isEqualTo(200);

        // a day later: its history is gone, its record stays; an accepted activation's history stays
        clock.shift(Duration.ofDays(1).plusMinutes(1));
        assertThat(purge.purge()).isOne();
        assertThat(instancesWithRequestId(client, requestId)).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(
                Long.toString(refused.ownerId())).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(
                Long.toString(accepted.ownerId())).count()).isOne();
        HttpTestClient.Reply record = refusalRecord(client, requestId);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.json()).containsEntry("code", "InsufficientBalance")
                .containsEntry("ownerId", (int) refused.ownerId());

        // 30 days: the record is removed
        clock.shift(Duration.ofDays(29));
        assertThat(refusalRecord(client, requestId).status()).isEqualTo(200);
        clock.shift(Duration.ofMinutes(2));
        purge.purge();
        assertThat(refusalRecord(client, requestId).status()).isEqualTo(404);
        assertThat(meterLogRows()).as("meter log within 400 days").isPositive();

        // 400 days: Camunda's meter log is removed; money and usage stay
        clock.shift(Duration.ofDays(370));
        purge.purge();
        assertThat(meterLogRows()).as("meter log after 400 days").isZero();
        assertThat(rows(KEPT_TABLES)).isEqualTo(kept);
    }

    @Test
    void aSuccessfulHistoryCleanupRunLeavesNoJobLog() {
        history.cleanUpHistoryAsync(true);
        List<Job> cleanup = history.findHistoryCleanupJobs();
        assertThat(cleanup).isNotEmpty();
        for (Job job : cleanup) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                management.executeJob(job.getId());
                return true;
            });
        }
        assertThat(jdbc.queryForObject("select count(*) from ACT_HI_JOB_LOG where JOB_DEF_TYPE_ = 'history-cleanup' "
                + "and JOB_STATE_ = 2", Integer.class)).as("successful runs logged").isZero();
    }

    private int meterLogRows() {
        return jdbc.queryForObject("select count(*) from ACT_RU_METER_LOG", Integer.class);
    }

    private static HttpTestClient.Reply refusalRecord(HttpTestClient client, String requestId) {
        return client.admin("GET", "/admin/refusals/" + requestId, null, "demo", "demo");
    }

    private static int instancesWithRequestId(HttpTestClient client, String requestId) {
        HttpTestClient.Reply count = client.admin("GET", "/engine-rest/history/process-instance/count?"
                + "processDefinitionKey=cdn-activation&variables=requestId_eq_" + requestId, null, "demo", "demo");
        assertThat(count.status()).isEqualTo(200);
        return ((Number) count.field("count")).intValue();
    }

    private Map<String, Integer> rows(List<String> tables) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        tables.forEach(table -> rows.put(table, jdbc.queryForObject("select count(*) from " + table, Integer.class)));
        return rows;
    }
}
