package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.ledger.EntryKind;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.ledger.LedgerEntry;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Whatever fails when, an account whose debt is settled ends with its service online at the control plane, not
 * only in the database: a suspension that reached the control plane but whose answer was lost, then a top-up
 * before the retry; an operator cancelling the instance while the suspension's answer is lost, or just before
 * the suspension arrives; and a resumption stuck in an incident while new bills make a new debt, which starts once
 * the operator retries or cancels the stuck instance (docs/overdue.md, docs/runbook.md).
 */
@DemoApplicationTest
@Import(RecordingSuspensionBackend.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT3S", "cdn.billing.overdue-retry-cycle=R2/PT1S"})
class SettledAccountResumedTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    ManagementService management;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    Debts debts;

    @Autowired
    RecordingSuspensionBackend backend;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void aSuspensionWhoseAnswerWasLostIsUndoneWhenTheDebtIsSettledBeforeTheRetry() {
        TestAccount account = openedAccount();
        long ownerId = account.ownerId();
        backend.afterNextSuspensionOf(ownerId, () -> ledger.topUp(ownerId, new BigDecimal("0.50"), "pay-" + ownerId));
        backend.loseNextAnswerFor(ownerId);
        bill(account, "100.50");
        Debt debt = debts.openDebt(ownerId).orElseThrow();

        await().atMost(WAIT).until(() -> endedAt(account) != null);

        assertThat(endedAt(account)).isEqualTo(OverdueProcess.END_RESUMED);
        assertThat(backend.hasOffline(ownerId)).as("offline at the control plane").isFalse();
        assertThat(adminStatus(account)).isEqualTo("OPENED");
        assertThat(status(account)).containsEntry("OnService", true).containsEntry("InDebt", false);
        assertThat(backend.callsFor(ownerId)).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", ownerId, debt.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", ownerId, debt.resumptionKey()));
        Debt closed = debts.get(debt.id());
        assertThat(closed.closeReason()).isEqualTo("RESUMED");
        assertThat(closed.suspensionRequestedAt()).isNotNull();
        assertThat(closed.suspendedAt()).as("the suspension's transaction rolled back").isNull();
        assertThat(closed.resumedAt()).isNotNull();
        assertThat(adminDebt(account)).containsEntry("closeReason", "RESUMED").containsEntry("suspendedAt", null)
                .hasEntrySatisfying("suspensionRequestedAt", at -> assertThat(at).isNotNull())
                .hasEntrySatisfying("resumedAt", at -> assertThat(at).isNotNull());
        List<LedgerEntry> entries = ledger.entries(ownerId, 0, 1000).rows();
        assertThat(entries).extracting(LedgerEntry::reference).doesNotHaveDuplicates();
        assertThat(entries).filteredOn(entry -> entry.kind() == EntryKind.TOP_UP).extracting(LedgerEntry::amount)
                .containsExactly(new BigDecimal("0.50"));
        assertThat(entries.get(entries.size() - 1).balanceAfter()).isEqualByComparingTo("0");
        assertThat(incidents(account)).isZero();
    }

    @Test
    void cancellingTheInstanceWhileTheSuspensionsAnswerIsLostResumesTheService() {
        TestAccount account = openedAccount();
        long ownerId = account.ownerId();
        AtomicInteger cancelled = new AtomicInteger();
        backend.afterNextSuspensionOf(ownerId, () -> cancelled.set(cancelOverEngineRest(account)));
        backend.loseNextAnswerFor(ownerId);
        bill(account, "100.50");
        Debt debt = debts.openDebt(ownerId).orElseThrow();

        await().atMost(WAIT).until(() -> cancelled.get() != 0 && runningInstances(account).isEmpty());

        assertThat(cancelled.get()).isEqualTo(204);
        assertThat(backend.hasOffline(ownerId)).as("offline at the control plane").isFalse();
        assertThat(adminStatus(account)).isEqualTo("OPENED");
        assertThat(calls(ownerId, debt)).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", ownerId, debt.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", ownerId, debt.cancellationResumptionKey("*")));
        assertThat(debts.get(debt.id()).closeReason()).isEqualTo("CANCELLED");
        assertThat(status(account)).containsEntry("OnService", true).containsEntry("InDebt", true);
    }

    @Test
    void cancellingTheInstanceJustBeforeTheSuspensionArrivesUndoesTheLateSuspension() {
        TestAccount account = openedAccount();
        long ownerId = account.ownerId();
        AtomicInteger cancelled = new AtomicInteger();
        backend.beforeNextSuspensionOf(ownerId, () -> cancelled.set(cancelOverEngineRest(account)));
        bill(account, "100.50");
        Debt debt = debts.openDebt(ownerId).orElseThrow();

        await().atMost(WAIT).until(() -> backend.callsFor(ownerId).size() == 3);

        assertThat(cancelled.get()).isEqualTo(204);
        assertThat(calls(ownerId, debt)).containsExactly(
                new RecordingSuspensionBackend.Call("resume", ownerId, debt.cancellationResumptionKey("*")),
                new RecordingSuspensionBackend.Call("suspend", ownerId, debt.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", ownerId, debt.lateResumptionKey()));
        assertThat(backend.hasOffline(ownerId)).as("offline at the control plane").isFalse();
        assertThat(runningInstances(account)).isEmpty();
        assertThat(adminStatus(account)).isEqualTo("OPENED");
        assertThat(debts.get(debt.id()).closeReason()).isEqualTo("CANCELLED");
    }

    @Test
    void aResumptionStuckInAnIncidentHoldsTheNextDebtUntilTheOperatorRetriesIt() {
        TestAccount account = openedAccount();
        long ownerId = account.ownerId();
        Incident stuck = resumptionStuckWhileNewBillsMakeANewDebt(account);
        Debt first = debts.get(debtOf(stuck.getProcessInstanceId()));

        backend.recoverFor(ownerId);
        management.setJobRetries(stuck.getConfiguration(), 1);

        await().atMost(WAIT).until(() -> !debts.get(first.id()).open());
        assertThat(debts.get(first.id()).closeReason()).isEqualTo("RESUMED");
        Debt next = debts.openDebt(ownerId).orElseThrow();
        assertThat(next.id()).isNotEqualTo(first.id());
        await().atMost(WAIT).until(() -> backend.callsFor(ownerId).size() == 3);
        await().atMost(WAIT).until(() -> suspended(account));
        assertThat(backend.hasOffline(ownerId)).isTrue();
        assertThat(backend.callsFor(ownerId)).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", ownerId, first.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", ownerId, first.resumptionKey()),
                new RecordingSuspensionBackend.Call("suspend", ownerId, next.suspensionKey()));
    }

    @Test
    void cancellingAResumptionStuckInAnIncidentResumesAndStartsTheNextDebt() {
        TestAccount account = openedAccount();
        long ownerId = account.ownerId();
        Incident stuck = resumptionStuckWhileNewBillsMakeANewDebt(account);
        Debt first = debts.get(debtOf(stuck.getProcessInstanceId()));

        assertThat(cancelOverEngineRest(account)).as("cancelling needs the control plane too").isNotEqualTo(204);
        assertThat(runningInstances(account)).containsExactly(stuck.getProcessInstanceId());
        assertThat(debts.get(first.id()).open()).isTrue();

        backend.recoverFor(ownerId);
        assertThat(cancelOverEngineRest(account)).isEqualTo(204);

        assertThat(debts.get(first.id()).closeReason()).isEqualTo("CANCELLED");
        assertThat(backend.hasOffline(ownerId)).isFalse();
        Debt next = debts.openDebt(ownerId).orElseThrow();
        assertThat(next.id()).isNotEqualTo(first.id());
        await().atMost(WAIT).until(() -> backend.callsFor(ownerId).size() == 3);
        await().atMost(WAIT).until(() -> suspended(account));
        assertThat(backend.hasOffline(ownerId)).isTrue();
        assertThat(calls(ownerId, first)).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", ownerId, first.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", ownerId, first.cancellationResumptionKey("*")),
                new RecordingSuspensionBackend.Call("suspend", ownerId, next.suspensionKey()));
    }

    /**
     * The backend's calls for the account, each cancellation's resumption key (an attempt's own) shown as
     * {@code cancellationResumptionKey("*")}.
     */
    private List<RecordingSuspensionBackend.Call> calls(long ownerId, Debt debt) {
        String prefix = debt.cancellationResumptionKeyPrefix();
        return backend.callsFor(ownerId).stream().map(call -> call.idempotencyKey().startsWith(prefix)
                ? new RecordingSuspensionBackend.Call(call.kind(), call.ownerId(), debt.cancellationResumptionKey("*"))
                : call).toList();
    }

    /**
     * Suspended for a first debt; the control plane goes down; a top-up settles the debt and the resumption runs
     * out of retries (an incident); then a new bill takes the balance below zero: no second debt starts while the
     * first is open.
     */
    private Incident resumptionStuckWhileNewBillsMakeANewDebt(TestAccount account) {
        long ownerId = account.ownerId();
        bill(account, "100.50");
        await().atMost(WAIT).until(() -> suspended(account));
        String instance = runningInstances(account).get(0);
        backend.failFor(ownerId);
        ledger.topUp(ownerId, new BigDecimal("0.50"), "pay-" + ownerId);
        await().atMost(WAIT).until(() -> incident(instance) != null);
        Incident stuck = incident(instance);
        assertThat(stuck.getActivityId()).isEqualTo(OverdueProcess.TASK_RESUME);
        assertThat(stuck.getIncidentMessage()).isEqualTo(
                "Resuming the CDN service of account " + ownerId + " failed: connection to the CDN control plane refused");

        bill(account, "2.00");

        assertThat(runningInstances(account)).containsExactly(instance);
        assertThat(debts.openDebt(ownerId).orElseThrow().state()).isEqualTo("SETTLED");
        return stuck;
    }

    private int cancelOverEngineRest(TestAccount account) {
        String instance = runningInstances(account).get(0);
        return client.admin("DELETE", "/engine-rest/process-instance/" + instance, null, "demo", "demo").status();
    }

    private TestAccount openedAccount() {
        return Accounts.createOpenedAccount(client, Clock.systemUTC(), "PayByTraffic");
    }

    /** A bill deducted as a billing run deducts it (the account opened with 100.00). */
    private void bill(TestAccount account, String amount) {
        TestBills.bill(transactions, ledger, account.ownerId(), amount);
    }

    private long debtOf(String instance) {
        return ((Number) runtime.getVariable(instance, OverdueProcess.VAR_DEBT_ID)).longValue();
    }

    private Map<String, Object> status(TestAccount account) {
        var reply = client.signedGet(account, "DescribeUserCdnStatus", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private String adminStatus(TestAccount account) {
        var view = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo");
        assertThat(view.status()).isEqualTo(200);
        return (String) ((Map<String, Object>) view.field("cdnService")).get("status");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> adminDebt(TestAccount account) {
        var view = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo");
        assertThat(view.status()).isEqualTo(200);
        return (Map<String, Object>) view.field("debt");
    }

    private boolean suspended(TestAccount account) {
        return services.findByOwnerId(account.ownerId()).map(CdnServiceInstance::suspended).orElse(false);
    }

    private List<String> runningInstances(TestAccount account) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(OverdueProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list().stream()
                .map(instance -> instance.getId()).toList();
    }

    private Incident incident(String instance) {
        return runtime.createIncidentQuery().processInstanceId(instance).singleResult();
    }

    private long incidents(TestAccount account) {
        return history.createHistoricProcessInstanceQuery().processDefinitionKey(OverdueProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list().stream()
                .mapToLong(instance -> history.createHistoricIncidentQuery().processInstanceId(instance.getId()).count())
                .sum();
    }

    /** The end event of the account's only overdue instance, null while it runs. */
    private String endedAt(TestAccount account) {
        List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(OverdueProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list();
        assertThat(instances).hasSize(1);
        return instances.get(0).getEndTime() == null ? null : instances.get(0).getEndActivityId();
    }
}
