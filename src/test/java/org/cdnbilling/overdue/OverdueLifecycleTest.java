package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.ledger.Ledger;
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
 * The life of an overdue account, as callers and operators see it: a bill leaves the balance below zero, the grace
 * period (3 s here) runs, the service is suspended and resumed once a top-up settles the debt; settled in time,
 * nothing is suspended; more bills do not restart the grace period; a failing control plane is an incident that a
 * retry clears; a cancelled instance resumes the service.
 */
@DemoApplicationTest
@Import(RecordingSuspensionBackend.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT3S", "cdn.billing.overdue-retry-cycle=R2/PT1S"})
class OverdueLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
    @SuppressWarnings("unchecked")
    void graceOverSuspendsAndATopUpResumes() {
        TestAccount account = openedAccount();
        bill(account, "103.00");

        Map<String, Object> inDebt = status(account);
        assertThat(inDebt).containsEntry("Enabled", true).containsEntry("OnService", true)
                .containsEntry("InDebt", true).containsEntry("InDebtOverdue", false);
        assertThat(locks(account)).isEmpty();

        await().atMost(WAIT).until(() -> suspended(account));
        assertThat(status(account)).containsEntry("OnService", false).containsEntry("InDebt", true)
                .containsEntry("InDebtOverdue", true);
        assertThat(locks(account)).containsExactly(Map.of("LockReason", "financial"));
        var modify = client.signedGet(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth"));
        assertThat(modify.status()).isEqualTo(403);
        assertThat(modify.json()).containsEntry("Code", "OperationDenied")
                .containsEntry("Message", "Your Cdn service is suspended.");
        long debtId = debts.latest(account.ownerId()).orElseThrow().id();
        var view = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo");
        assertThat(view.status()).isEqualTo(200);
        assertThat((Map<String, Object>) view.field("cdnService")).containsEntry("status", "SUSPENDED");
        assertThat((Map<String, Object>) view.field("debt")).containsEntry("debtId", (int) debtId)
                .containsEntry("state", "OVERDUE");
        assertThat(view.field("balance")).isEqualTo(-3.0);
        assertThat(waitingAt(account)).isEqualTo(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT);

        ledger.topUp(account.ownerId(), new BigDecimal("2.99"), "pay-" + account.ownerId());
        assertThat(waitingAt(account)).as("0.01 still owed").isEqualTo(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT);
        ledger.topUp(account.ownerId(), new BigDecimal("0.01"), "pay-rest-" + account.ownerId());

        await().atMost(WAIT).until(() -> ended(account, OverdueProcess.END_RESUMED));
        assertThat(suspended(account)).isFalse();
        assertThat(status(account)).containsEntry("Enabled", true).containsEntry("OnService", true)
                .containsEntry("InDebt", false).containsEntry("InDebtOverdue", false);
        assertThat(locks(account)).isEmpty();
        assertThat(backend.callsFor(account.ownerId())).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", account.ownerId(), "suspend-debt-" + debtId),
                new RecordingSuspensionBackend.Call("resume", account.ownerId(), "resume-debt-" + debtId));
        Debt closed = debts.latest(account.ownerId()).orElseThrow();
        assertThat(closed.open()).isFalse();
        assertThat(closed.closeReason()).isEqualTo("RESUMED");
        var after = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo");
        assertThat((Map<String, Object>) after.field("cdnService")).containsEntry("status", "OPENED");
        assertThat((Map<String, Object>) after.field("debt")).containsEntry("state", "CLOSED")
                .containsEntry("closeReason", "RESUMED");
    }

    @Test
    void settledWithinTheGracePeriodSuspendsNothingAndMoreBillsDoNotRestartIt() {
        TestAccount account = openedAccount();
        bill(account, "101.00");
        String instance = runningInstance(account);
        bill(account, "5.00");
        assertThat(runningInstances(account)).containsExactly(instance);

        ledger.topUp(account.ownerId(), new BigDecimal("6.00"), "pay-" + account.ownerId());

        assertThat(ended(account, OverdueProcess.END_SETTLED_IN_GRACE)).isTrue();
        assertThat(status(account)).containsEntry("OnService", true).containsEntry("InDebt", false);
        assertThat(debts.latest(account.ownerId()).orElseThrow().closeReason()).isEqualTo("SETTLED_IN_GRACE");
        assertThat(backend.callsFor(account.ownerId())).isEmpty();
    }

    @Test
    void aControlPlaneThatKeepsFailingIsAnIncidentNamingTheAccountAndARetrySuspends() {
        TestAccount account = openedAccount();
        backend.failFor(account.ownerId());
        bill(account, "100.50");

        String instance = runningInstance(account);
        await().atMost(WAIT).until(() -> incident(instance) != null);
        Incident incident = incident(instance);
        assertThat(incident.getActivityId()).isEqualTo(OverdueProcess.TASK_SUSPEND);
        assertThat(incident.getIncidentMessage()).isEqualTo("Suspending the CDN service of account "
                + account.ownerId() + " failed: connection to the CDN control plane refused");
        assertThat(status(account)).containsEntry("OnService", true).containsEntry("InDebtOverdue", true);

        backend.recoverFor(account.ownerId());
        management.setJobRetries(incident.getConfiguration(), 1);
        await().atMost(WAIT).until(() -> suspended(account));
        assertThat(backend.callsFor(account.ownerId())).extracting(RecordingSuspensionBackend.Call::kind)
                .containsExactly("suspend");
    }

    @Test
    void cancellingTheInstanceResumesTheServiceAndLeavesTheDebtVisible() {
        TestAccount account = openedAccount();
        bill(account, "100.01");
        await().atMost(WAIT).until(() -> suspended(account));

        runtime.deleteProcessInstance(runningInstance(account), "operator gave credit", true);

        assertThat(suspended(account)).isFalse();
        assertThat(status(account)).containsEntry("OnService", true).containsEntry("InDebt", true)
                .containsEntry("InDebtOverdue", false);
        assertThat(debts.latest(account.ownerId()).orElseThrow().closeReason()).isEqualTo("CANCELLED");
        assertThat(backend.callsFor(account.ownerId())).extracting(RecordingSuspensionBackend.Call::kind)
                .containsExactly("suspend", "resume");
    }

    private TestAccount openedAccount() {
        return Accounts.createOpenedAccount(client, Clock.systemUTC(), "PayByTraffic");
    }

    /** A bill deducted as a billing run deducts it (the account opened with 100.00). */
    private void bill(TestAccount account, String amount) {
        TestBills.bill(transactions, ledger, account.ownerId(), amount);
    }

    private Map<String, Object> status(TestAccount account) {
        var reply = client.signedGet(account, "DescribeUserCdnStatus", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private List<Object> locks(TestAccount account) {
        var reply = client.signedGet(account, "DescribeCdnService", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return (List<Object>) ((Map<String, Object>) reply.field("OperationLocks")).get("LockReason");
    }

    private boolean suspended(TestAccount account) {
        return services.findByOwnerId(account.ownerId()).map(CdnServiceInstance::suspended).orElse(false);
    }

    private List<String> runningInstances(TestAccount account) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(OverdueProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list().stream()
                .map(instance -> instance.getId()).toList();
    }

    private String runningInstance(TestAccount account) {
        List<String> running = runningInstances(account);
        assertThat(running).hasSize(1);
        return running.get(0);
    }

    private String waitingAt(TestAccount account) {
        return runtime.getActiveActivityIds(runningInstance(account)).get(0);
    }

    private Incident incident(String instance) {
        return runtime.createIncidentQuery().processInstanceId(instance).singleResult();
    }

    /** Whether the account's only overdue instance ended at the end event. */
    private boolean ended(TestAccount account, String endEvent) {
        List<HistoricProcessInstance> instances = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(OverdueProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list();
        return instances.size() == 1 && instances.get(0).getEndTime() != null
                && endEvent.equals(instances.get(0).getEndActivityId());
    }
}
