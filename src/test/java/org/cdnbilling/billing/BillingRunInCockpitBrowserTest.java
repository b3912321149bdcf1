package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.cdnbilling.support.cockpit.Chromium;
import org.cdnbilling.support.cockpit.Cockpit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The operator's view of a billing run with a failing partition, in Cockpit in a real (headless) Chromium: the
 * run is listed under "CDN billing run", its incident names the partition, the period and the cause, and Retry
 * (once the cause is repaired) bills the partition and completes the run.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.usage-delay=PT1H", "cdn.billing.schedule=0 0 0 1 1 ?",
        "cdn.billing.partition-retry-cycle=R1/PT1S"})
class BillingRunInCockpitBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    RuntimeService runtime;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRunsIncidentNamesThePartitionAndRetryInCockpitBillsIt() {
        HttpTestClient client = new HttpTestClient(port);
        TestAccount account = Accounts.createEligibleAccount(client);
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        Instant hour = services.findByOwnerId(account.ownerId()).orElseThrow().openedAt()
                .truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), hour.plus(2, ChronoUnit.HOURS).plusSeconds(60)));
        // the demo's seeded week of 1015 first, so the failing run's only partition is the test's account
        BillingRuns.run(client);
        assertThat(client.admin("POST", "/admin/usage", "{\"samples\":[{\"ownerId\":" + account.ownerId()
                + ",\"region\":\"CN\",\"start\":\"" + hour + "\",\"bytes\":" + (50L << 30) + ",\"peakBps\":1}]}",
                "demo", "demo").status()).isEqualTo(200);
        String reference = "bill:hour_flow:" + hour + ":0";
        ledger.topUp(account.ownerId(), new BigDecimal("1.00"), reference);
        HttpTestClient.Reply started = client.admin("POST",
                "/engine-rest/process-definition/key/cdn-billing-run/start", "{}", "demo", "demo");
        assertThat(started.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> runtime.createIncidentQuery()
                .processInstanceId((String) started.field("id")).count() == 1);

        try (Chromium chromium = Chromium.headless()) {
            String folder = System.getProperty("runbook.screenshots");
            Cockpit cockpit = new Cockpit(chromium.driver(), port,
                    folder == null || folder.isBlank() ? null : Path.of(folder));
            cockpit.logIn("demo", "demo");
            cockpit.openProcess("CDN billing run");
            cockpit.openFirstListedInstance();
            assertThat(cockpit.incidentMessage()).startsWith("Billing of accounts " + account.ownerId() + "-"
                    + account.ownerId() + " failed (hour_flow periods " + hour + " to " + hour.plus(1, ChronoUnit.HOURS)
                    + " (1 period of 1 account)): LedgerConflictException: Reference " + reference);
            cockpit.screenshot("billing-run-incident");
            assertThat(cockpit.openStacktrace()).startsWith(
                    "org.cdnbilling.billing.PartitionBillingException: Billing of accounts " + account.ownerId());
            cockpit.closeStacktrace();

            // the operator repairs the wrong entry, then retries in Cockpit
            jdbc.update("delete from ledger_entry where owner_id = ? and reference = ?", account.ownerId(), reference);
            jdbc.update("update account set balance = 100.00 where owner_id = ?", account.ownerId());
            cockpit.openRetryDialog();
            cockpit.confirmRetry();
            assertThat(cockpit.awaitInstanceCompleted(Duration.ofSeconds(60))).contains("has been completed");
        }
        assertThat(jdbc.queryForObject("select total from bill where owner_id = ?", BigDecimal.class,
                account.ownerId())).isEqualByComparingTo("2.00");
        assertThat(jdbc.queryForObject("select balance from account where owner_id = ?", BigDecimal.class,
                account.ownerId())).isEqualByComparingTo("98.00");
    }
}
