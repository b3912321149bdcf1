package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cdnbilling.support.StuckOrders.stuckActivationOf;

import java.time.Duration;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.StuckOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cancelling a stuck activation, however an operator does it and even with custom listeners skipped (as
 * Cockpit's cancel dialog does by default), cancels its order; the account may then order again.
 */
@DemoApplicationTest
class OrderCancellationTest {

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HistoryService history;

    @Autowired
    Orders orders;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void deletingTheInstanceWithCustomListenersSkippedCancelsTheOrder() {
        long ownerId = StuckOrders.CANCELLED_BY_ENGINE_API;
        ProcessInstance stuck = stuckActivationOf(ownerId, client, runtime);

        runtime.deleteProcessInstance(stuck.getId(), "customer withdrew the order", true);

        CdnOrder cancelled = onlyOrderOf(ownerId);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.endReason())
                .isEqualTo("Process instance " + stuck.getId() + " cancelled: customer withdrew the order");
        assertMayOrderAgain(ownerId);
    }

    @Test
    void cancellingOverTheEngineRestApiWithCustomListenersSkippedCancelsTheOrder() {
        long ownerId = StuckOrders.CANCELLED_OVER_ENGINE_REST;
        ProcessInstance stuck = stuckActivationOf(ownerId, client, runtime);

        HttpTestClient.Reply reply = client.admin("DELETE", "/engine-rest/process-instance/" + stuck.getId()
                + "?skipCustomListeners=true&skipIoMappings=true", null, "demo", "demo");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(204);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(stuck.getId()).count()).isZero();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(stuck.getId()).singleResult()
                .getState()).isEqualTo("EXTERNALLY_TERMINATED");
        CdnOrder cancelled = onlyOrderOf(ownerId);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.endReason()).isEqualTo("Process instance " + stuck.getId() + " cancelled by demo");
        assertMayOrderAgain(ownerId);
    }

    @Test
    void cancellingTheStuckStepByInstanceModificationWithCustomListenersRunCancelsTheOrder() {
        long ownerId = StuckOrders.CANCELLED_BY_INSTANCE_MODIFICATION;
        ProcessInstance stuck = stuckActivationOf(ownerId, client, runtime);

        runtime.createProcessInstanceModification(stuck.getId())
                .cancelAllForActivity(ActivationProcess.TASK_ACTIVATE_CDN_SERVICE)
                .execute(false, false);

        assertThat(runtime.createProcessInstanceQuery().processInstanceId(stuck.getId()).count()).isZero();
        assertThat(onlyOrderOf(ownerId).status()).isEqualTo(OrderStatus.CANCELLED);
        assertMayOrderAgain(ownerId);
    }

    @Test
    void anInstanceThatEndsNormallyLeavesItsActivatedOrderAlone() {
        long ownerId = Accounts.createEligibleAccount(client).ownerId();

        assertThat(client.openCdnService(ownerId, "PayByTraffic").status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> onlyOrderOf(ownerId).status() == OrderStatus.ACTIVATED);
        assertThat(onlyOrderOf(ownerId).endReason()).isNull();
    }

    private void assertMayOrderAgain(long ownerId) {
        HttpTestClient.Reply again = client.openCdnService(ownerId, "PayByTraffic");
        assertThat(again.status()).as(again.raw().body()).isEqualTo(200);
        List<CdnOrder> all = orders.findByOwnerIdOrderByCreatedAtAsc(ownerId);
        assertThat(all).extracting(CdnOrder::status).containsExactly(OrderStatus.CANCELLED, OrderStatus.ACCEPTED);
    }

    private CdnOrder onlyOrderOf(long ownerId) {
        List<CdnOrder> all = orders.findByOwnerIdOrderByCreatedAtAsc(ownerId);
        assertThat(all).hasSize(1);
        return all.get(0);
    }
}
