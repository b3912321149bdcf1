package org.cdnbilling.chargetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.cdnbilling.api.RpcAssertions;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.ledger.EntryKind;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** DescribeCdnService and ModifyCdnService over HTTP, with a clock that can jump to the next billing day. */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@Import(ShiftableClock.Configuration.class)
class DescribeAndModifyOverHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    Ledger ledger;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    private HttpTestClient.Reply call(TestAccount account, String action, Map<String, String> parameters) {
        return client.signedGetAt(clock, account, action, parameters);
    }

    private TestAccount openedAccount() {
        TestAccount account = Accounts.createEligibleAccount(client);
        assertThat(call(account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        return account;
    }

    @Test
    void describeOfAnAccountThatNeverOrderedIsOperationDenied() {
        TestAccount account = Accounts.createEligibleAccount(client);

        RpcAssertions.assertError(call(account, "DescribeCdnService", Map.of()), 403, "OperationDenied",
                "Your account does not open CDN service yet.");
    }

    @Test
    void describeWhileTheActivationIsPendingCarriesTheActivatingLock() {
        var reply = call(TestAccount.demo(1012), "OpenCdnService", Map.of("InternetChargeType", "PayByBandwidth"));
        assertThat(reply.status()).isEqualTo(200);

        var described = call(TestAccount.demo(1012), "DescribeCdnService", Map.of());

        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json()).containsEntry("InternetChargeType", "PayByBandwidth")
                .containsEntry("InstanceId", "")
                .containsEntry("OperationLocks", Map.of("LockReason", List.of(Map.of("LockReason", "activating"))))
                .doesNotContainKey("OpeningTime");
    }

    @Test
    void describeOfAnOpenedServiceHasTheReferenceFields() {
        TestAccount account = openedAccount();

        var described = call(account, "DescribeCdnService", Map.of());

        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json()).containsOnlyKeys("RequestId", "InternetChargeType", "OpeningTime", "InstanceId",
                        "OperationLocks")
                .containsEntry("InternetChargeType", "PayByTraffic")
                .containsEntry("InstanceId", "cdn-" + account.ownerId())
                .containsEntry("OperationLocks", Map.of("LockReason", List.of()));
        assertThat((String) described.field("OpeningTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }

    @Test
    void modifyTakesEffectAtTheNextBillingDayAndTheLatestSubmissionWins() {
        TestAccount account = openedAccount();
        // noon in Beijing, twelve hours before the next billing day: the application computes the same next
        // billing day as this test for every call below, whenever the test runs (a real midnight in Beijing
        // between two calls would move it)
        clock.moveForwardTo(LocalTime.NOON, BillingDay.BEIJING);
        Instant affectTime = BillingDay.nextStart(clock.instant());

        assertThat(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth")).status())
                .isEqualTo(200);
        var pending = call(account, "DescribeCdnService", Map.of()).json();
        assertThat(pending).containsEntry("InternetChargeType", "PayByTraffic")
                .containsEntry("ChangingChargeType", "PayByBandwidth")
                .containsEntry("ChangingAffectTime", affectTime.toString());
        assertThat(affectTime.toString()).endsWith("T16:00:00Z");

        assertThat(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByTraffic")).status())
                .isEqualTo(200);
        assertThat(call(account, "DescribeCdnService", Map.of()).json()).doesNotContainKey("ChangingChargeType");
        assertThat(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth")).status())
                .isEqualTo(200);

        var waiting = runtime.createProcessInstanceQuery().processDefinitionKey(ChargeTypeChangeProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(account.ownerId())).list();
        assertThat(waiting).hasSize(1);
        var timer = management.createJobQuery().processInstanceId(waiting.get(0).getId()).timers().singleResult();
        assertThat(timer.getDuedate().toInstant()).isEqualTo(affectTime);

        clock.shift(Duration.between(clock.instant(), affectTime).plusMinutes(1));
        assertThat(call(account, "DescribeCdnService", Map.of()).json())
                .containsEntry("InternetChargeType", "PayByBandwidth").doesNotContainKey("ChangingChargeType");
        management.executeJob(timer.getId());
        assertThat(services.findByOwnerId(account.ownerId()).orElseThrow().internetChargeType().name())
                .isEqualTo("PayByBandwidth");
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(waiting.get(0).getId()).count()).isZero();
    }

    @Test
    void modifyRejections() {
        TestAccount neverOrdered = Accounts.createEligibleAccount(client);
        RpcAssertions.assertError(call(neverOrdered, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth")),
                403, "OperationDenied", "Your account does not open CDN service yet.");

        TestAccount account = openedAccount();
        RpcAssertions.assertError(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByFlowers")),
                400, "InvalidParameter", "The specified value of parameter \"InternetChargeType\" is not valid.");
        RpcAssertions.assertError(call(account, "ModifyCdnService", Map.of()), 400, "MissingParameter", null);

        billed(account, "100.00");
        assertThat(balance(account)).isEqualTo("0.00");
        RpcAssertions.assertError(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth")),
                400, "InsufficientBalance", "Your account does not have enough balance.");

        String broke = """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":false,"balance":0}""";
        assertThat(client.admin("PUT", "/admin/accounts/" + account.ownerId(), broke, "demo", "demo").status())
                .isEqualTo(200);
        RpcAssertions.assertError(call(account, "ModifyCdnService", Map.of("InternetChargeType", "PayByBandwidth")),
                400, "FUWU_BIZ_COMMODITY_VERIFY_FAIL_INVALID_PAY_METHOD", "INVALID_PAY_METHOD");
        assertThat(services.findByOwnerId(account.ownerId()).orElseThrow().pendingChangeAt(clock.instant())).isEmpty();
    }

    /**
     * A balance below zero alone locks nothing: the service keeps running through the grace period, and the
     * {@code financial} lock appears only once it is suspended (OverdueLifecycleTest, OverdueOverHttpTest).
     */
    @Test
    void aDebtWithinItsGracePeriodShowsNoLock() {
        TestAccount account = openedAccount();
        assertThat(call(account, "DescribeCdnService", Map.of()).json())
                .containsEntry("OperationLocks", Map.of("LockReason", List.of()));

        billed(account, "105.00");

        assertThat(balance(account)).isEqualTo("-5.00");
        assertThat(call(account, "DescribeCdnService", Map.of()).json())
                .containsEntry("OperationLocks", Map.of("LockReason", List.of()));
        assertThat(call(account, "DescribeUserCdnStatus", Map.of()).json()).containsEntry("InDebt", true)
                .containsEntry("OnService", true).containsEntry("InDebtOverdue", false);
    }

    /**
     * Deducts a bill from the account's balance (100.00 when opened), as a billing run does: the one way a
     * balance goes down (the balance in PUT /admin/accounts is only a new account's opening balance).
     */
    private void billed(TestAccount account, String amount) {
        ledger.post(account.ownerId(), EntryKind.BILL, new BigDecimal(amount).negate(),
                "bill:hour_flow:" + clock.instant().truncatedTo(ChronoUnit.HOURS) + ":0");
    }

    private String balance(TestAccount account) {
        var reply = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return new BigDecimal(reply.field("balance").toString()).setScale(2).toPlainString();
    }
}
