package org.cdnbilling.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

/** Billing runs started as an operator starts them, through the engine REST API, and waited for. */
public final class BillingRuns {

    private BillingRuns() {
    }

    /** Starts a run ({@code POST /engine-rest/process-definition/key/cdn-billing-run/start}); its instance id. */
    public static String start(HttpTestClient client) {
        HttpTestClient.Reply reply = client.admin("POST", "/engine-rest/process-definition/key/cdn-billing-run/start",
                "{}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return (String) reply.field("id");
    }

    /** Waits until the run's instance is gone (ended). */
    public static void awaitEnded(HttpTestClient client, String runId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> client.admin("GET",
                "/engine-rest/process-instance/" + runId, null, "demo", "demo").status() == 404);
    }

    /** Starts a run and waits until it ended. */
    public static void run(HttpTestClient client) {
        awaitEnded(client, start(client));
    }
}
