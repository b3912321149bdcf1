package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.cdnbilling.billing.run.BillingRunProcess;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ShippedProcesses;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A billing run whose partition is an incident, migrated by the operator ({@code /admin/process-migrations}) to a
 * changed copy of {@code cdn-billing-run} deployed as a new release would (another retry cycle and name of *Bill
 * partition*, a raised versionTag): the incident moves with its job, and once the cause is fixed and the job
 * retried the run ends on the new version, every bill and ledger entry written once. Deploying the copy moves the
 * billing schedule's timer start job to it; deleting the copy afterwards gives it back to the shipped version.
 * Partitions of one account here, so that one fails while the other is billed; the schedule is once a year, so
 * only the test starts a run.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.usage-delay=PT1H", "cdn.billing.schedule=0 0 0 1 1 ?",
        "cdn.billing.accounts-per-partition=1", "cdn.billing.partition-retry-cycle=R1/PT1S"})
class BillingRunMigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FILE = "cdn-billing-run.bpmn";
    private static final String KEY = BillingRunProcess.PROCESS_KEY;
    private static final long GB = 1L << 30;

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    ProcessEngine engine;

    @Autowired
    ShippedProcesses shipped;

    @Autowired
    ProcessDeploymentLock lock;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    ShiftableClock clock;

    HttpTestClient client;
    ProcessMigrationCalls migrations;
    ChangedDiagrams changed;
    MigratedInstances instances;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        migrations = new ProcessMigrationCalls(client);
        changed = new ChangedDiagrams(engine, lock);
        instances = new MigratedInstances(engine);
    }

    @AfterEach
    void removeChangedCopies() {
        changed.deleteAll();
        String shippedDefinition = shipped.definitionId(KEY);
        assertThat(instances.latest(KEY).getId()).as("the shipped diagram is the latest again").isEqualTo(shippedDefinition);
        // Camunda gives the timer start job back to the previous version when the latest is deleted: the
        // scheduled runs of the other test classes start again
        assertThat(management.createJobQuery().processDefinitionKey(KEY).timers().list())
                .singleElement().satisfies(timer -> assertThat(timer.getProcessDefinitionId())
                        .isEqualTo(shippedDefinition));
    }

    @Test
    void aRunWithAPartitionInAnIncidentIsMigratedAndRetriedAndEndsOnTheNewVersionBillingEachPeriodOnce() {
        Opened failing = open();
        Opened billed = open();
        Instant hour = billableHour(List.of(failing, billed));
        post(List.of(sample(failing.ownerId(), hour, 50 * GB), sample(billed.ownerId(), hour, 50 * GB)));
        // an entry already posted under the bill's reference, but another one: the ledger refuses the bill
        String reference = "bill:hour_flow:" + hour + ":0";
        ledger.topUp(failing.ownerId(), new BigDecimal("1.00"), reference);

        String run = BillingRuns.start(client);
        String oldDefinition = shipped.definitionId(KEY);
        assertThat(instances.definitionOf(run)).isEqualTo(oldDefinition);
        // the other partition billed and completed; the failing one out of retries, an incident
        await().atMost(WAIT).until(() -> instances.incident(run) != null
                && management.createJobQuery().processInstanceId(run).count() == 1);
        Incident before = instances.incident(run);
        assertThat(before.getActivityId()).isEqualTo(BillingRunProcess.TASK_BILL_PARTITION);
        assertThat(before.getIncidentMessage()).contains("accounts " + failing.ownerId() + "-" + failing.ownerId(),
                "LedgerConflictException");
        assertThat(bills(billed, hour)).isEqualTo(1);
        assertThat(bills(failing, hour)).isZero();

        String tag = "3-test-partition-" + System.nanoTime();
        ProcessDefinition target = changed.deploy(FILE, tag, ChangedDiagrams.renamedWithRetryCycle(
                BillingRunProcess.TASK_BILL_PARTITION, "Bill partition (changed)", "R2/PT1S"));
        assertThat(management.createJobQuery().processDefinitionKey(KEY).timers().list())
                .as("the schedule's timer start job moved to the latest version").singleElement()
                .satisfies(timer -> assertThat(timer.getProcessDefinitionId()).isEqualTo(target.getId()));

        ProcessMigrationCalls.assertOneIncidentAt(migrations.preview(KEY, tag), target, oldDefinition,
                BillingRunProcess.TASK_BILL_PARTITION);
        assertThat(instances.definitionOf(run)).as("the preview changes nothing").isEqualTo(oldDefinition);

        migrations.migrateOneSource(KEY, tag, oldDefinition, 1);
        Incident after = instances.assertMovedWithIncident(run, oldDefinition, before, target);
        assertThat(runtime.getVariable(after.getExecutionId(), BillingRunProcess.VAR_PARTITION))
                .as("the partition's variable stays").isEqualTo(failing.ownerId() + "-" + failing.ownerId());

        // the operator repairs the wrong entry, then retries the job in Cockpit
        jdbc.update("delete from ledger_entry where owner_id = ? and reference = ?", failing.ownerId(), reference);
        jdbc.update("update account set balance = 10.00 where owner_id = ?", failing.ownerId());
        assertThat(client.admin("PUT", "/engine-rest/job/" + after.getConfiguration() + "/retries",
                "{\"retries\":1}", "demo", "demo").status()).isEqualTo(204);
        BillingRuns.awaitEnded(client, run);

        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery().processInstanceId(run)
                .singleResult();
        assertThat(ended.getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(ended.getEndActivityId()).isEqualTo(BillingRunProcess.END_BILLED);
        long partitions = history.createHistoricVariableInstanceQuery().processInstanceId(run)
                .variableName(BillingRunProcess.VAR_PARTITION).count();
        assertThat(instances.ranOn(run, BillingRunProcess.TASK_BILL_PARTITION)).as("one run of each partition")
                .hasSize((int) partitions).filteredOn(target.getId()::equals).hasSize(1);
        assertThat(instances.ranOn(run, BillingRunProcess.EVENT_PARTITION_BILLED)).hasSize((int) partitions)
                .filteredOn(target.getId()::equals).hasSize(1);
        assertThat(runtime.createIncidentQuery().processInstanceId(run).count()).isZero();
        for (Opened account : List.of(failing, billed)) {
            assertThat(bills(account, hour)).as("bills of %d", account.ownerId()).isEqualTo(1);
            assertThat(jdbc.queryForObject("select count(*) from ledger_entry where owner_id = ? and kind = 'BILL'",
                    Long.class, account.ownerId())).as("bill entries of %d", account.ownerId()).isEqualTo(1);
            assertThat(jdbc.queryForObject("select balance from account where owner_id = ?", BigDecimal.class,
                    account.ownerId())).isEqualByComparingTo("8.00");
        }
    }

    private record Opened(long ownerId, Instant openedAt) {
        /** The first UTC hour wholly after the opening. */
        Instant firstFullHour() {
            return openedAt.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        }
    }

    private Opened open() {
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":10.00}""");
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic"))
                .status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> services.existsByOwnerId(account.ownerId()));
        return new Opened(account.ownerId(), services.findByOwnerId(account.ownerId()).orElseThrow().openedAt());
    }

    /** The first hour wholly after every account's opening, the clock moved past it and the usage delay. */
    private Instant billableHour(List<Opened> accounts) {
        Instant hour = accounts.stream().map(Opened::firstFullHour).max(Instant::compareTo).orElseThrow();
        clock.shift(Duration.between(clock.instant(), hour.plus(2, ChronoUnit.HOURS).plusSeconds(60)));
        return hour;
    }

    /** One CN sample (USD 0.04 per GB). */
    private static String sample(long ownerId, Instant start, long bytes) {
        return "{\"ownerId\":" + ownerId + ",\"region\":\"CN\",\"start\":\"" + start + "\",\"bytes\":" + bytes
                + ",\"peakBps\":1}";
    }

    private void post(List<String> samples) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/usage",
                "{\"samples\":[" + String.join(",", samples) + "]}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    /** The account's bills of the hour (its rows in {@code bill}, supplements included). */
    private long bills(Opened account, Instant hour) {
        return jdbc.queryForObject("select count(*) from bill where owner_id = ? and period_start = ?", Long.class,
                account.ownerId(), hour.atOffset(ZoneOffset.UTC));
    }
}
