package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.cdnbilling.support.cockpit.Chromium;
import org.cdnbilling.support.cockpit.Cockpit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The operator's journey with an overdue account, in Cockpit in a real (headless) Chromium: demo account 1014
 * (balance 1.00) receives usage worth USD 4.00, is billed, goes into debt and is suspended after the grace period
 * (5 s here; a minute in the demo); the operator finds its overdue instance by business key and sees it waiting
 * for the settlement; a top-up through the admin API resumes the service and the instance completes.
 * <p>
 * With {@code -Drunbook.screenshots=<folder>} it saves the runbook's pictures (docs/runbook.md) on the way
 * ({@code docs/take-screenshots.sh}). Like every browser test it runs in a test JVM of its own (fresh demo accounts).
 */
@DemoApplicationTest
@TestPropertySource(properties = {"cdn.billing.overdue-grace=PT5S", "cdn.billing.schedule=0 0 0 1 1 ?"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverdueInCockpitBrowserTest {

    private static final TestAccount DEMO_1014 = TestAccount.demo(1014);
    private static final long GB = 1L << 30;

    @LocalServerPort
    int port;

    /** What the browser showed when a step failed: target/cockpit-failures/<test>.png. */
    @RegisterExtension
    TestWatcher pictureOfFailures = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (cockpit != null) {
                cockpit.saveScreenshot(Path.of("target", "cockpit-failures", context.getDisplayName() + ".png"));
            }
        }
    };

    HttpTestClient client;
    Chromium chromium;
    Cockpit cockpit;

    @BeforeAll
    void aSuspendedAccountAndALoggedInOperator() {
        client = new HttpTestClient(port);
        Instant hour = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
        var posted = client.admin("POST", "/admin/usage", "{\"samples\":[{\"ownerId\":1014,\"region\":\"CN\",\"start\":\""
                + hour + "\",\"bytes\":" + 100 * GB + ",\"peakBps\":1000000}]}", "demo", "demo");
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
        BillingRuns.run(client);
        await().atMost(Duration.ofSeconds(60)).until(() -> Boolean.FALSE.equals(status().get("OnService")));

        chromium = Chromium.headless();
        String folder = System.getProperty("runbook.screenshots");
        cockpit = new Cockpit(chromium.driver(), port, folder == null || folder.isBlank() ? null : Path.of(folder));
        cockpit.logIn("demo", "demo");
    }

    @AfterAll
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    @Order(1)
    void theSuspendedAccountsInstanceWaitsForTheSettlement() {
        assertThat(cockpit.processesOverview("CDN overdue account")).startsWith("0 1 cdn-overdue CDN overdue account");
        cockpit.openProcess("CDN overdue account");
        assertThat(cockpit.instancesWithBusinessKey("1014")).hasSize(1);
        cockpit.screenshot("overdue-1-find-by-business-key");

        cockpit.openFirstListedInstance();
        assertThat(cockpit.businessKeyOfOpenInstance()).isEqualTo("1014");
        assertThat(cockpit.runningActivities()).containsExactly(OverdueProcess.EVENT_WAIT_FOR_SETTLEMENT);
        cockpit.screenshot("overdue-2-waiting-for-settlement");
        assertThat(cockpit.variables()).containsEntry("ownerId", "1014").containsEntry("settled", "false")
                .containsKeys("debtId", "graceEndsAt");
        cockpit.screenshot("overdue-3-variables");
    }

    @Test
    @Order(2)
    void aTopUpResumesTheServiceAndTheInstanceCompletes() {
        var topUp = client.admin("POST", "/admin/accounts/1014/top-ups", "{\"amount\":\"10.00\",\"reference\":\"pay-1014\"}",
                "demo", "demo");
        assertThat(topUp.status()).as(topUp.raw().body()).isEqualTo(201);

        assertThat(cockpit.awaitInstanceCompleted(Duration.ofSeconds(60))).contains("has been completed");
        cockpit.screenshot("overdue-4-completed");
        assertThat(status()).containsEntry("OnService", true).containsEntry("InDebt", false)
                .containsEntry("InDebtOverdue", false);
    }

    private Map<String, Object> status() {
        var reply = client.signedGet(DEMO_1014, "DescribeUserCdnStatus", Map.of());
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }
}
