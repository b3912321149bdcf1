package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.StuckOrders;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operator's journey with the demo's stuck orders, in Cockpit in a real (headless) Chromium: find an
 * account's order by business key, read its incident and variables, retry 1011 once provisioning has
 * recovered, cancel 1012 as Cockpit proposes (custom listeners skipped); the database follows.
 * <p>
 * With {@code -Drunbook.screenshots=<folder>} it saves the runbook's pictures (docs/runbook.md) on the way
 * ({@code docs/take-screenshots.sh}).
 * <p>
 * It runs in a test JVM of its own (surefire execution {@code browser-tests} in {@code pom.xml}), so its demo
 * accounts are fresh: {@link DemoAccountsOverHttpTest} orders for 1011 and 1012 too.
 */
@DemoApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StuckOrdersInCockpitBrowserTest {

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    Orders orders;

    @Autowired
    CdnServiceInstances services;

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
    Map<Long, String> requestIds;

    @BeforeAll
    void stuckOrdersAndALoggedInOperator() {
        client = new HttpTestClient(port);
        requestIds = Map.of(1011L, acceptedRequestId(1011), 1012L, acceptedRequestId(1012));
        for (long ownerId : requestIds.keySet()) {
            String instanceId = runtime.createProcessInstanceQuery()
                    .processInstanceBusinessKey(Long.toString(ownerId)).singleResult().getId();
            StuckOrders.awaitIncident(instanceId, runtime);
        }
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
    void stuckOrdersShowOnTheProcessesPage() {
        assertThat(cockpit.processesOverview()).startsWith("2 2 cdn-activation CDN service activation");
        cockpit.screenshot("1-processes");
    }

    @Test
    @Order(2)
    void retryFinishesTheStuckOrderOf1011() {
        cockpit.openProcess("CDN service activation");
        assertThat(cockpit.instancesWithBusinessKey("1011")).hasSize(1);
        cockpit.screenshot("2-find-by-business-key");

        cockpit.openFirstListedInstance();
        long orderId = onlyOrderOf(1011).id();
        assertThat(cockpit.businessKeyOfOpenInstance()).isEqualTo("1011");
        assertThat(cockpit.incidentMessage()).isEqualTo("Order " + orderId + " of account 1011 is not activated: "
                + "the step 'Activate CDN service' failed because the provisioning backend answered: "
                + "connection to the CDN control plane timed out (attempt 3)");
        cockpit.screenshot("3-incident");
        assertThat(cockpit.openStacktrace()).startsWith(ActivationFailedException.class.getName() + ": Order "
                + orderId + " of account 1011 is not activated");
        cockpit.screenshot("4-stacktrace");
        cockpit.closeStacktrace();
        assertThat(cockpit.variables()).containsOnly(
                Map.entry("ownerId", "1011"),
                Map.entry("orderId", Long.toString(orderId)),
                Map.entry("internetChargeType", "PayByTraffic"),
                Map.entry("requestId", requestIds.get(1011L)));
        cockpit.screenshot("5-variables");

        cockpit.openRetryDialog();
        cockpit.screenshot("6-retry");
        cockpit.confirmRetry();

        assertThat(cockpit.awaitInstanceCompleted(Duration.ofSeconds(60))).contains("has been completed");
        cockpit.screenshot("7-completed");
        assertThat(onlyOrderOf(1011).status()).isEqualTo(OrderStatus.ACTIVATED);
        assertThat(services.findByOwnerId(1011)).hasValueSatisfying(
                service -> assertThat(service.orderId()).isEqualTo(orderId));
    }

    @Test
    @Order(3)
    void cancellingTheStuckOrderOf1012AsCockpitProposesCancelsItAndItMayOrderAgain() {
        cockpit.openProcess("CDN service activation");
        assertThat(cockpit.instancesWithBusinessKey("1012")).hasSize(1);
        cockpit.openFirstListedInstance();
        assertThat(cockpit.incidentMessage()).contains("of account 1012 is not activated");

        boolean customListenersSkipped = cockpit.openCancelDialog();
        cockpit.screenshot("8-cancel");
        assertThat(customListenersSkipped).as("Skip Custom Listeners ticked, as Cockpit proposes").isTrue();
        assertThat(cockpit.confirmCancel()).isEqualTo("The process instance was deleted successfully.");

        CdnOrder cancelled = onlyOrderOf(1012);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.endReason()).endsWith(" cancelled by demo");
        assertThat(services.findByOwnerId(1012)).isEmpty();
        assertThat(client.openCdnService(1012, "PayByTraffic").status()).isEqualTo(200);
    }

    private String acceptedRequestId(long ownerId) {
        HttpTestClient.Reply reply = client.openCdnService(ownerId, "PayByTraffic");
        assertThat(reply.status()).isEqualTo(200);
        return (String) reply.field("RequestId");
    }

    private CdnOrder onlyOrderOf(long ownerId) {
        List<CdnOrder> all = orders.findByOwnerIdOrderByCreatedAtAsc(ownerId);
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
