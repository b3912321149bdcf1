package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A provisioning backend that never answers costs a job at most the time limit (2 s in the test profile):
 * the job fails and is retried, long before its lock (5 minutes) would expire.
 */
@DemoApplicationTest
class ProvisioningTimeoutTest {

    /** Its provisioning hangs in the test profile ({@code cdn.demo.faults.provisioning-hangs}). */
    private static final long HANGING_ACCOUNT = 1_990_101L;

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    @Autowired
    Orders orders;

    @Test
    void hangingBackendFailsTheJobAfterTheTimeoutSoItIsRetried() {
        HttpTestClient client = new HttpTestClient(port);
        assertThat(client.admin("PUT", "/admin/accounts/" + HANGING_ACCOUNT, Accounts.eligibleAccountJson(), "demo",
                "demo").status()).isEqualTo(201);

        assertThat(client.openCdnService(HANGING_ACCOUNT, "PayByTraffic").status()).isEqualTo(200);

        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(HANGING_ACCOUNT)).singleResult();
        Job failedOnce = await().atMost(Duration.ofSeconds(30)).until(
                () -> management.createJobQuery().processInstanceId(instance.getId()).singleResult(),
                job -> job.getRetries() == 2);
        long orderId = orders.findByOwnerIdOrderByCreatedAtAsc(HANGING_ACCOUNT).get(0).id();
        assertThat(failedOnce.getExceptionMessage()).isEqualTo("Order " + orderId + " of account " + HANGING_ACCOUNT
                + " is not activated: the step 'Activate CDN service' failed because the provisioning backend "
                + "did not answer within 2 s");
        assertThat(orders.findById(orderId).orElseThrow().status()).isEqualTo(OrderStatus.ACCEPTED);

        runtime.deleteProcessInstance(instance.getId(), "test over", true);
        assertThat(orders.findById(orderId).orElseThrow().status()).isEqualTo(OrderStatus.CANCELLED);
    }
}
