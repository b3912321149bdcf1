package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cdnbilling.migration.ProcessMigrationCalls.activities;
import static org.cdnbilling.migration.ProcessMigrationCalls.activity;
import static org.cdnbilling.migration.ProcessMigrationCalls.source;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ShippedProcesses;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.ledger.LedgerEntry;
import org.cdnbilling.overdue.Debt;
import org.cdnbilling.overdue.Debts;
import org.cdnbilling.overdue.OverdueProcess;
import org.cdnbilling.overdue.RecordingSuspensionBackend;
import org.cdnbilling.overdue.TestBills;
import org.cdnbilling.support.Accounts;
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
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Overdue accounts migrated by the operator ({@code /admin/process-migrations}) to a changed copy of
 * {@code cdn-overdue} deployed as a new release would (a raised versionTag; another retry cycle and name of
 * *Suspend CDN service* or *Resume CDN service*). In the grace period the timer keeps its due date (the copy's
 * timer is a period of its own, so a migration that restarted it would show), and the migrated instance goes on
 * on the new version when the timer fires then (overdue, suspended) or when a top-up settles the debt in time; a
 * suspended account waiting for its settlement resumes once after a top-up. The grace period is an hour: the
 * tests move the application's clock to the timer's due date and execute the timer's job there.
 */
@DemoApplicationTest
@Import({RecordingSuspensionBackend.Configuration.class, ShiftableClock.Configuration.class})
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT1H", "cdn.billing.overdue-retry-cycle=R2/PT1S"})
class OverdueMigrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FILE = "cdn-overdue.bpmn";
    private static final String KEY = OverdueProcess.PROCESS_KEY;

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
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Debts debts;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    RecordingSuspensionBackend backend;

    @Autowired
    ShiftableClock clock;

    HttpTestClient client;
    ProcessMigrationCalls migrations;
    ChangedDiagrams changed;
    MigratedInstances migrated;
    final List<TestAccount> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        client = new HttpTestClient(port);
        migrations = new ProcessMigrationCalls(client);
        changed = new ChangedDiagrams(engine, lock);
        migrated = new MigratedInstances(engine);
    }

    @AfterEach
    void removeChangedCopiesAndLeftInstances() {
        changed.deleteAll();
        // a test that failed before its migration leaves its instances on the shipped version: not the next one's
        opened.forEach(account -> runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list()
                .forEach(instance -> runtime.deleteProcessInstance(instance.getId(), "test cleanup", true)));
        assertThat(migrated.latest(KEY).getId()).as("the shipped diagram is the latest again")
                .isEqualTo(shipped.definitionId(KEY));
    }

    @Test
    @SuppressWarnings("unchecked")
    void inTheGracePeriodTheTimerKeepsItsDueDateAndTheMigratedInstanceEndsByTimerOrByTopUp() {
        TestAccount graceOver = openedAccount();
        TestAccount settledInTime = openedAccount();
        bill(graceOver, "100.50");
        bill(settledInTime, "100.50");
        String oldDefinition = shipped.definitionId(KEY);
        String overdueInstance = runningInstance(graceOver);
        String settledInstance = runningInstance(settledInTime);
        assertThat(migrated.definitionOf(overdueInstance)).isEqualTo(oldDefinition);
        Job timerBefore = graceTimer(overdueInstance);
        Instant dueAt = timerBefore.getDuedate().toInstant();
        assertThat(dueAt).as("graceEndsAt (Camunda keeps milliseconds)").isEqualTo(
                debts.openDebt(graceOver.ownerId()).orElseThrow().graceEndsAt().truncatedTo(ChronoUnit.MILLIS));
        Instant otherDueAt = graceTimer(settledInstance).getDuedate().toInstant();

        String tag = "2-test-grace-" + System.nanoTime();
        // the copy's grace timer is a period of its own: an updated trigger would restart the grace period
        ProcessDefinition target = changed.deploy(FILE, tag, ChangedDiagrams.renamedWithRetryCycle(
                OverdueProcess.TASK_SUSPEND, "Suspend CDN service (changed)", "R3/PT1S")
                .andThen(ChangedDiagrams.timerOfDuration("Timer_GraceOver_Definition", "P15D")));

        Map<String, Object> preview = migrations.preview(KEY, tag);
        assertThat((Map<String, Object>) preview.get("target")).containsEntry("definitionId", target.getId())
                .containsEntry("versionTag", tag);
        Map<String, Object> source = source(preview, oldDefinition);
        assertThat(source).containsEntry("instances", 2).containsEntry("suspendedInstances", 0)
                .containsEntry("valid", true);
        assertThat(activity(source, OverdueProcess.GATEWAY_GRACE_OR_SETTLED)).containsEntry("instances", 2)
                .containsEntry("incidents", 0).containsEntry("mappedTo", OverdueProcess.GATEWAY_GRACE_OR_SETTLED);
        assertThat(activities(source)).allSatisfy(a -> assertThat(a.get("mappedTo")).as("%s", a).isNotNull());
        assertThat(migrated.definitionOf(overdueInstance)).as("the preview changes nothing").isEqualTo(oldDefinition);

        migrations.awaitBatches(migrateAll(oldDefinition, 2, tag));

        assertThat(instancesOf(oldDefinition)).as("left on the old definition").isZero();
        assertThat(migrated.definitionOf(overdueInstance)).isEqualTo(target.getId());
        assertThat(migrated.definitionOf(settledInstance)).isEqualTo(target.getId());
        Job timerAfter = graceTimer(overdueInstance);
        assertThat(timerAfter.getDuedate().toInstant()).as("the grace period does not restart").isEqualTo(dueAt);
        assertThat(timerAfter.getId()).as("the same timer job").isEqualTo(timerBefore.getId());
        assertThat(timerAfter.getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(graceTimer(settledInstance).getDuedate().toInstant()).isEqualTo(otherDueAt);

        // (a) the timer fires at its original due date: overdue and suspended, on the new version
        clock.shift(Duration.between(clock.instant(), dueAt).plusSeconds(1));
        management.executeJob(timerAfter.getId());
        await().atMost(WAIT).until(() -> suspended(graceOver)
                && waitingAt(overdueInstance).equals(List.of(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT)));
        assertThat(migrated.definitionOf(overdueInstance)).isEqualTo(target.getId());
        assertThat(migrated.ranOn(overdueInstance, OverdueProcess.TASK_MARK_OVERDUE)).containsExactly(target.getId());
        assertThat(migrated.ranOn(overdueInstance, OverdueProcess.TASK_SUSPEND)).containsExactly(target.getId());
        Debt overdue = debts.latest(graceOver.ownerId()).orElseThrow();
        assertThat(overdue.overdueAt()).isAfterOrEqualTo(dueAt);
        assertThat(backend.callsFor(graceOver.ownerId())).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", graceOver.ownerId(), overdue.suspensionKey()));

        // (b) a top-up in the grace period settles the migrated instance: DebtSettled correlates to it
        topUp(settledInTime, "0.50");
        assertThat(endedAt(settledInTime)).isEqualTo(OverdueProcess.END_SETTLED_IN_GRACE);
        assertThat(historic(settledInTime).getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(migrated.ranOn(settledInstance, OverdueProcess.TASK_CLOSE_DEBT)).containsExactly(target.getId());
        assertThat(debts.latest(settledInTime.ownerId()).orElseThrow().closeReason()).isEqualTo("SETTLED_IN_GRACE");
        assertThat(backend.callsFor(settledInTime.ownerId())).isEmpty();

        for (TestAccount account : List.of(graceOver, settledInTime)) {
            assertWrittenOnce(account);
        }
    }

    @Test
    void aSuspendedAccountMigratedWhileWaitingForItsSettlementResumesOnceAfterATopUp() {
        TestAccount account = openedAccount();
        bill(account, "100.50");
        String instance = runningInstance(account);
        String oldDefinition = shipped.definitionId(KEY);
        Job timer = graceTimer(instance);
        clock.shift(Duration.between(clock.instant(), timer.getDuedate().toInstant()).plusSeconds(1));
        management.executeJob(timer.getId());
        await().atMost(WAIT).until(() -> suspended(account)
                && waitingAt(instance).equals(List.of(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT)));
        assertThat(migrated.definitionOf(instance)).isEqualTo(oldDefinition);

        String tag = "2-test-suspended-" + System.nanoTime();
        ProcessDefinition target = changed.deploy(FILE, tag, ChangedDiagrams.renamedWithRetryCycle(
                OverdueProcess.TASK_RESUME, "Resume CDN service (changed)", "R3/PT1S"));

        Map<String, Object> source = source(migrations.preview(KEY, tag), oldDefinition);
        assertThat(source).containsEntry("instances", 1).containsEntry("suspendedInstances", 0)
                .containsEntry("valid", true);
        assertThat(activity(source, OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT)).containsEntry("instances", 1)
                .containsEntry("incidents", 0).containsEntry("mappedTo", OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT);
        assertThat(activities(source)).allSatisfy(a -> assertThat(a.get("mappedTo")).as("%s", a).isNotNull());

        migrations.awaitBatches(migrateAll(oldDefinition, 1, tag));

        assertThat(instancesOf(oldDefinition)).as("left on the old definition").isZero();
        assertThat(migrated.definitionOf(instance)).isEqualTo(target.getId());
        assertThat(waitingAt(instance)).containsExactly(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT);

        topUp(account, "0.50");

        await().atMost(WAIT).until(() -> endedAt(account) != null);
        assertThat(endedAt(account)).isEqualTo(OverdueProcess.END_RESUMED);
        assertThat(historic(account).getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(migrated.ranOn(instance, OverdueProcess.TASK_SUSPEND)).containsExactly(oldDefinition);
        assertThat(migrated.ranOn(instance, OverdueProcess.TASK_RESUME)).containsExactly(target.getId());
        assertThat(suspended(account)).isFalse();
        Debt closed = debts.latest(account.ownerId()).orElseThrow();
        assertThat(closed.closeReason()).isEqualTo("RESUMED");
        assertThat(backend.callsFor(account.ownerId())).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", account.ownerId(), closed.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", account.ownerId(), closed.resumptionKey()));
        assertThat(backend.hasOffline(account.ownerId())).isFalse();
        assertWrittenOnce(account);
    }

    /** Migrates every source with instances to the tag: one migration, of the expected instances, from the old one. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> migrateAll(String oldDefinition, int instances, String tag) {
        Map<String, Object> started = migrations.migrate(KEY, tag);
        List<Map<String, Object>> migrationsStarted = (List<Map<String, Object>>) started.get("migrations");
        assertThat(migrationsStarted).singleElement().satisfies(migration -> assertThat(migration)
                .containsEntry("sourceDefinitionId", oldDefinition).containsEntry("instances", instances)
                .containsEntry("suspendedInstancesMigrated", 0));
        return started;
    }

    /** One debt, one instance, no ledger reference twice, no incident. */
    private void assertWrittenOnce(TestAccount account) {
        long ownerId = account.ownerId();
        assertThat(jdbc.queryForObject("select count(*) from account_debt where owner_id = ?", Long.class, ownerId))
                .isEqualTo(1);
        assertThat(history.createHistoricProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(Long.toString(ownerId)).count()).isEqualTo(1);
        assertThat(ledger.entries(ownerId, 0, 1000).rows()).extracting(LedgerEntry::reference)
                .doesNotHaveDuplicates();
        assertThat(history.createHistoricIncidentQuery().processInstanceId(historic(account).getId()).count())
                .isZero();
    }

    private TestAccount openedAccount() {
        TestAccount account = Accounts.createOpenedAccount(client, clock, "PayByTraffic");
        opened.add(account);
        return account;
    }

    /** A bill deducted as a billing run deducts it (the account opened with 100.00). */
    private void bill(TestAccount account, String amount) {
        TestBills.bill(transactions, ledger, account.ownerId(), amount);
    }

    /** A top-up as the operator posts it ({@code POST /admin/accounts/{ownerId}/top-ups}). */
    private void topUp(TestAccount account, String amount) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/accounts/" + account.ownerId() + "/top-ups",
                "{\"amount\":\"" + amount + "\",\"reference\":\"pay-" + account.ownerId() + "\"}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(201);
    }

    private String runningInstance(TestAccount account) {
        List<ProcessInstance> running = runtime.createProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list();
        assertThat(running).hasSize(1);
        return running.get(0).getId();
    }

    private long instancesOf(String definitionId) {
        return runtime.createProcessInstanceQuery().processDefinitionId(definitionId).count();
    }

    private Job graceTimer(String instance) {
        return management.createJobQuery().processInstanceId(instance).timers()
                .activityId(OverdueProcess.TIMER_GRACE_OVER).singleResult();
    }

    private List<String> waitingAt(String instance) {
        return runtime.getActiveActivityIds(instance);
    }

    private boolean suspended(TestAccount account) {
        return services.findByOwnerId(account.ownerId()).map(CdnServiceInstance::suspended).orElse(false);
    }

    private HistoricProcessInstance historic(TestAccount account) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).singleResult();
    }

    /** The end event of the account's only overdue instance, null while it runs. */
    private String endedAt(TestAccount account) {
        HistoricProcessInstance instance = historic(account);
        return instance.getEndTime() == null ? null : instance.getEndActivityId();
    }
}
