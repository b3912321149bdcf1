package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
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
 * Exactly once where it is hardest: a suspension whose answer is lost is retried with the same idempotency key
 * and recorded once; top-ups landing just before, at and just after the end of the grace period each leave the
 * account with its service online, its debt closed and at most one suspension (then exactly one resumption).
 */
@DemoApplicationTest
@Import(RecordingSuspensionBackend.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT2S", "cdn.billing.overdue-retry-cycle=R3/PT1S"})
class OverdueExactlyOnceTest {

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
    void aSuspensionWhoseAnswerIsLostIsRetriedWithTheSameKeyAndRecordedOnce() {
        TestAccount account = openedAccount();
        backend.loseNextAnswerFor(account.ownerId());
        bill(account, "100.10");
        Debt debt = debts.openDebt(account.ownerId()).orElseThrow();

        await().atMost(WAIT).until(() -> suspended(account));
        ledger.topUp(account.ownerId(), new BigDecimal("0.10"), "pay-" + account.ownerId());
        await().atMost(WAIT).until(() -> endedAt(account) != null);

        assertThat(endedAt(account)).isEqualTo(OverdueProcess.END_RESUMED);
        assertThat(backend.callsFor(account.ownerId())).containsExactly(
                new RecordingSuspensionBackend.Call("suspend", account.ownerId(), debt.suspensionKey()),
                new RecordingSuspensionBackend.Call("suspend", account.ownerId(), debt.suspensionKey()),
                new RecordingSuspensionBackend.Call("resume", account.ownerId(), debt.resumptionKey()));
        assertThat(incidents(account)).isZero();
    }

    @Test
    void topUpsRacingTheGraceTimerAlwaysEndOnlineAndSuspendAtMostOnce() {
        List<TestAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            accounts.add(openedAccount());
        }
        for (TestAccount account : accounts) {
            bill(account, "100.50");
        }
        for (int i = 0; i < accounts.size(); i++) {
            TestAccount account = accounts.get(i);
            Instant target = debts.openDebt(account.ownerId()).orElseThrow().graceEndsAt()
                    .plusMillis(150L * (i - 4));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> !Instant.now().isBefore(target));
            ledger.topUp(account.ownerId(), new BigDecimal("0.50"), "pay-" + account.ownerId());
        }

        for (TestAccount account : accounts) {
            await().atMost(WAIT).until(() -> endedAt(account) != null);
            assertThat(endedAt(account)).isIn(OverdueProcess.END_SETTLED_IN_GRACE, OverdueProcess.END_RESUMED);
            assertThat(suspended(account)).as("service of %d online", account.ownerId()).isFalse();
            Debt debt = debts.latest(account.ownerId()).orElseThrow();
            assertThat(debt.open()).isFalse();
            var calls = backend.callsFor(account.ownerId());
            assertThat(calls.stream().filter(call -> call.kind().equals("suspend")).count()).isLessThanOrEqualTo(1);
            assertThat(calls.stream().filter(call -> call.kind().equals("resume")).count())
                    .isEqualTo(calls.stream().filter(call -> call.kind().equals("suspend")).count());
            assertThat(incidents(account)).isZero();
        }
    }

    private TestAccount openedAccount() {
        return Accounts.createOpenedAccount(client, Clock.systemUTC(), "PayByTraffic");
    }

    /** A bill deducted as a billing run deducts it (the account opened with 100.00). */
    private void bill(TestAccount account, String amount) {
        TestBills.bill(transactions, ledger, account.ownerId(), amount);
    }

    private boolean suspended(TestAccount account) {
        return services.findByOwnerId(account.ownerId()).map(CdnServiceInstance::suspended).orElse(false);
    }

    /** Incidents the account's overdue instance ever had. */
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
