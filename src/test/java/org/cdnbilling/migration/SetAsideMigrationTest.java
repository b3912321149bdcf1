package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.billing.run.BillingSetAsideProcess;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ShippedProcesses;
import org.cdnbilling.support.BillableAccounts;
import org.cdnbilling.support.BillableAccounts.Opened;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.UncheckedUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * An account set aside from billing (its rating throws: usage stored unchecked, as in
 * {@code BillingOverHttpTest}) whose *Bill set-aside account* job is an incident, migrated by the operator
 * ({@code /admin/process-migrations}) to a changed copy of {@code cdn-billing-set-aside} deployed as a new release
 * would (another retry cycle and name of *Bill set-aside account*, a raised versionTag): the incident moves with
 * its job and the instance keeps its variables, the account stays set aside, and once the samples are corrected
 * and the job retried the instance ends on the new version, the account billed once. The schedule is once a year,
 * so only the test starts runs.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.usage-delay=PT1H", "cdn.billing.schedule=0 0 0 1 1 ?",
        "cdn.billing.accounts-per-partition=2", "cdn.billing.partition-retry-cycle=R1/PT1S"})
class SetAsideMigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FILE = "cdn-billing-set-aside.bpmn";
    private static final String KEY = BillingSetAsideProcess.PROCESS_KEY;
    private static final String TASK = BillingSetAsideProcess.TASK_BILL_ACCOUNT;
    private static final String CHANGED_NAME = "Bill set-aside account (changed)";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final long GB = 1L << 30;

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ProcessEngine engine;

    @Autowired
    ShippedProcesses shipped;

    @Autowired
    ProcessDeploymentLock lock;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    ShiftableClock clock;

    HttpTestClient client;
    ProcessMigrationCalls migrations;
    ChangedDiagrams changed;
    BillableAccounts opening;
    MigratedInstances instances;
    Opened poisoned;

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        migrations = new ProcessMigrationCalls(client);
        changed = new ChangedDiagrams(engine, lock);
        opening = new BillableAccounts(client, clock, services);
        instances = new MigratedInstances(engine);
    }

    @AfterEach
    void removeChangedCopyAndLeftovers() {
        if (poisoned != null) {
            // a test that failed half-way: the account is no longer set aside nor marked due, so that the runs of
            // the other test classes do not set it aside again
            setAside(poisoned).forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test cleanup"));
            jdbc.update("delete from unbilled_usage where owner_id = ?", poisoned.ownerId());
        }
        changed.deleteAll();
        assertThat(instances.latest(KEY).getId()).as("the shipped diagram is the latest again")
                .isEqualTo(shipped.definitionId(KEY));
    }

    @Test
    void anAccountSetAsideWithItsIncidentIsMigratedAndOnceCorrectedAndRetriedEndsOnTheNewVersionBilledOnce() {
        poisoned = opening.open("PayByTraffic", "100.00");
        Instant hour = opening.billableHour(List.of(poisoned));
        if (!monthStart(hour).equals(monthStart(hour.plus(1, ChronoUnit.HOURS)))) {
            hour = hour.plus(1, ChronoUnit.HOURS); // both hours in one Beijing month: the month-to-date overflows
            clock.shift(Duration.ofHours(1));
        }
        Instant next = hour.plus(1, ChronoUnit.HOURS);
        Instant end = next.plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.ofHours(1));
        BillingRuns.run(client); // whatever else is due (the demo's seeded week) is billed first
        UncheckedUsage.store(jdbc, poisoned.ownerId(), hour, 9_000_000_000_000_000_000L, clock.instant());
        UncheckedUsage.store(jdbc, poisoned.ownerId(), next, 300_000_000_000_000_000L, clock.instant());

        BillingRuns.run(client);
        String oldDefinition = shipped.definitionId(KEY);
        ProcessInstance setAside = setAside(poisoned).stream().findFirst()
                .orElseThrow(() -> new AssertionError("account " + poisoned.ownerId() + " not set aside"));
        String instance = setAside.getId();
        assertThat(setAside.getProcessDefinitionId()).isEqualTo(oldDefinition);
        await().atMost(WAIT).until(() -> instances.incident(instance) != null);
        Incident before = instances.incident(instance);
        assertThat(before.getActivityId()).isEqualTo(TASK);
        assertThat(before.getIncidentMessage()).contains("account " + poisoned.ownerId() + " (set aside)",
                "ArithmeticException", "long overflow");
        String reason = "rating hour_flow " + next + " threw ArithmeticException: long overflow";
        assertThat(runtime.getVariable(instance, BillingSetAsideProcess.VAR_REASON)).isEqualTo(reason);
        assertThat(bills(hour, end)).isEmpty();

        String tag = "2-test-set-aside-" + System.nanoTime();
        ProcessDefinition target = changed.deploy(FILE, tag,
                ChangedDiagrams.renamedWithRetryCycle(TASK, CHANGED_NAME, "R2/PT1S"));

        ProcessMigrationCalls.assertOneIncidentAt(migrations.preview(KEY, tag), target, oldDefinition, TASK);
        assertThat(instances.definitionOf(instance)).as("the preview changes nothing").isEqualTo(oldDefinition);

        migrations.migrateOneSource(KEY, tag, oldDefinition, 1);
        Incident after = instances.assertMovedWithIncident(instance, oldDefinition, before, target);
        assertThat(runtime.getVariable(instance, BillingSetAsideProcess.VAR_REASON)).as("the reason stays")
                .isEqualTo(reason);
        assertThat(runtime.getVariable(instance, BillingSetAsideProcess.VAR_OWNER_ID))
                .isEqualTo(poisoned.ownerId());

        // on the new version the account is still set aside: a run leaves it alone
        BillingRuns.run(client);
        assertThat(setAside(poisoned)).singleElement().extracting(ProcessInstance::getId).isEqualTo(instance);
        assertThat(bills(hour, end)).isEmpty();
        assertThat(balance()).isEqualByComparingTo("100.00");

        // the operator corrects the two samples (9 GB and 3 GB were meant), then retries the job as Cockpit does
        UncheckedUsage.correct(jdbc, poisoned.ownerId(), hour, 9 * GB);
        UncheckedUsage.correct(jdbc, poisoned.ownerId(), next, 3 * GB);
        assertThat(client.admin("PUT", "/engine-rest/job/" + after.getConfiguration() + "/retries",
                "{\"retries\":1}", "demo", "demo").status()).isEqualTo(204);
        await().atMost(WAIT).until(() -> setAside(poisoned).isEmpty());

        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery().processInstanceId(instance)
                .singleResult();
        assertThat(ended.getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(ended.getEndActivityId()).isEqualTo(BillingSetAsideProcess.END_BILLED);
        assertThat(instances.ranOn(instance, TASK)).as("the job's one successful run").containsExactly(target.getId());
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).activityId(TASK)
                .singleResult().getActivityName()).isEqualTo(CHANGED_NAME);
        assertThat(instances.ranOn(instance, BillingSetAsideProcess.END_BILLED)).containsExactly(target.getId());
        assertThat(runtime.createIncidentQuery().processInstanceId(instance).count()).isZero();

        List<Map<String, Object>> bills = bills(hour, end);
        assertThat(bills).extracting(bill -> bill.get("periodStart"), bill -> bill.get("supplement"),
                bill -> new BigDecimal((String) bill.get("total")).stripTrailingZeros().toPlainString())
                .containsExactly(tuple(hour.toString(), 0, "0.36"),
                        tuple(next.toString(), 0, "0.12"));
        assertThat(balance()).isEqualByComparingTo("99.52");
        assertThat(billEntries()).isEqualTo(2);

        // a further run bills nothing twice
        BillingRuns.run(client);
        assertThat(bills(hour, end)).hasSize(2);
        assertThat(balance()).isEqualByComparingTo("99.52");
        assertThat(billEntries()).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from unbilled_usage where owner_id = ?", Long.class,
                poisoned.ownerId())).isZero();
    }

    private List<ProcessInstance> setAside(Opened account) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list();
    }

    /** The poisoned account's bills of [from, to) as the bill API gives them, in the order written. */
    private List<Map<String, Object>> bills(Instant from, Instant to) {
        return new PagedLists(client, "bills").all("/admin/accounts/" + poisoned.ownerId() + "/bills?from=" + from
                + "&to=" + to);
    }

    private BigDecimal balance() {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/accounts/" + poisoned.ownerId(), null, "demo",
                "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return new BigDecimal(reply.field("balance").toString());
    }

    private long billEntries() {
        return jdbc.queryForObject("select count(*) from ledger_entry where owner_id = ? and kind = 'BILL'",
                Long.class, poisoned.ownerId());
    }

    private static Instant monthStart(Instant instant) {
        return instant.atZone(BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
