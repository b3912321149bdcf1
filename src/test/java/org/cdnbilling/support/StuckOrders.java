package org.cdnbilling.support;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;

/**
 * Stuck orders for tests. The test profile ({@code application-test.yml}) makes provisioning fail for
 * good for the accounts below; a test creates one through the admin API, orders and waits for the
 * incident. Each test uses an account of its own (once per application context).
 */
public final class StuckOrders {

    public static final long CANCELLED_BY_ENGINE_API = 1_990_001L;
    public static final long CANCELLED_OVER_ENGINE_REST = 1_990_002L;
    public static final long CANCELLED_BY_INSTANCE_MODIFICATION = 1_990_003L;
    public static final long COUNTED_AS_STUCK = 1_990_004L;

    private StuckOrders() {
    }

    /** A stuck activation of a new account: it is created, orders, and its retries run out. */
    public static ProcessInstance stuckActivationOf(long ownerId, HttpTestClient client, RuntimeService runtime) {
        return stuckActivationOf(ownerId, client, runtime, Clock.systemUTC());
    }

    /** The same, the order signed at the time of {@code clock} (the application's, when a test moves it). */
    public static ProcessInstance stuckActivationOf(long ownerId, HttpTestClient client, RuntimeService runtime,
            Clock clock) {
        var account = client.admin("PUT", "/admin/accounts/" + ownerId, Accounts.eligibleAccountJson(), "demo", "demo");
        if (account.status() != 201) {
            throw new IllegalStateException("Account " + ownerId + " not created: " + account.raw().body());
        }
        var reply = client.signedGetAt(clock, client.keyOf(ownerId), "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic"));
        if (reply.status() != 200) {
            throw new IllegalStateException("Order of " + ownerId + " not accepted: " + reply.raw().body());
        }
        ProcessInstance instance = runtime.createProcessInstanceQuery()
                .processInstanceBusinessKey(Long.toString(ownerId)).active().singleResult();
        awaitIncident(instance.getId(), runtime);
        return instance;
    }

    public static Incident awaitIncident(String processInstanceId, RuntimeService runtime) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> runtime.createIncidentQuery().processInstanceId(processInstanceId).singleResult(),
                incident -> incident != null);
    }
}
