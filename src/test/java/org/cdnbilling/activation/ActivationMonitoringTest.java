package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PrometheusScrape;
import org.cdnbilling.support.StuckOrders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Health and the Prometheus endpoint, open without a login, show activations as they happen. */
@DemoApplicationTest
class ActivationMonitoringTest {

    private static final String ACTIVATIONS = "cdn_activations_total";
    private static final String STUCK = "cdn_orders_stuck";

    @LocalServerPort
    int port;

    @Autowired
    RuntimeService runtime;

    @Autowired
    HealthContributorRegistry healthContributors;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void healthIsUpWithoutALoginShowsNoDetailsAndCoversDatabaseEngineAndJobExecutor() {
        HttpTestClient.Reply health = client.send("GET", "/actuator/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json()).containsEntry("status", "UP").doesNotContainKeys("components", "details");
        for (String probe : new String[] {"liveness", "readiness"}) {
            HttpTestClient.Reply reply = client.send("GET", "/actuator/health/" + probe, null);
            assertThat(reply.status()).as(probe).isEqualTo(200);
            assertThat(reply.json()).as(probe).containsEntry("status", "UP");
        }
        assertThat(healthContributors.stream().map(NamedContributor::getName))
                .contains("db", "processEngine", "jobExecutor");
    }

    @Test
    void onlyHealthAndPrometheusAreExposed() {
        assertThat(client.send("GET", "/actuator/prometheus", null).status()).as("no login").isEqualTo(401);
        assertThat(client.admin("GET", "/actuator/prometheus", null, "demo", "demo").status()).isEqualTo(200);
        for (String endpoint : new String[] {"env", "metrics", "beans", "heapdump"}) {
            assertThat(client.send("GET", "/actuator/" + endpoint, null).status()).as(endpoint).isEqualTo(401);
            assertThat(client.admin("GET", "/actuator/" + endpoint, null, "demo", "demo").status()).as(endpoint)
                    .isIn(403, 404);
        }
    }

    @Test
    void prometheusShowsTheActivationMetricsFromTheStart() {
        PrometheusScrape scrape = PrometheusScrape.of(client);

        assertThat(scrape.has(STUCK)).isTrue();
        assertThat(scrape.has(ACTIVATIONS)).isTrue();
        assertThat(scrape.has("cdn_activation_time_seconds_count")).isTrue();
        assertThat(scrape.samples()).filteredOn(s -> s.name().equals(ACTIVATIONS))
                .allSatisfy(s -> assertThat(s.labels()).containsKeys("outcome", "code", "application"));
    }

    @Test
    void acceptedAndActivatedOrdersAreCountedAndTimed() {
        long ownerId = Accounts.createEligibleAccount(client).ownerId();
        PrometheusScrape before = PrometheusScrape.of(client);

        assertThat(client.openCdnService(ownerId, "PayByTraffic").status()).isEqualTo(200);

        PrometheusScrape accepted = PrometheusScrape.of(client);
        assertThat(accepted.value(ACTIVATIONS, "outcome", "accepted"))
                .isEqualTo(before.value(ACTIVATIONS, "outcome", "accepted") + 1);
        assertThat(accepted.value("cdn_activation_request_seconds_count", "outcome", "accepted"))
                .isEqualTo(before.value("cdn_activation_request_seconds_count", "outcome", "accepted") + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> PrometheusScrape.of(client)
                .value(ACTIVATIONS, "outcome", "activated") > before.value(ACTIVATIONS, "outcome", "activated"));
        PrometheusScrape activated = PrometheusScrape.of(client);
        assertThat(activated.value("cdn_activation_time_seconds_count"))
                .isGreaterThan(before.value("cdn_activation_time_seconds_count"));
        assertThat(activated.value("cdn_activation_time_seconds_sum"))
                .isGreaterThan(before.value("cdn_activation_time_seconds_sum"));
    }

    @Test
    void rejectionsAreCountedByErrorCode() {
        PrometheusScrape before = PrometheusScrape.of(client);

        assertThat(client.openCdnService(1003, "PayByTraffic").status()).isEqualTo(400);
        assertThat(client.openCdnService(1007, "PayByTraffic").status()).isEqualTo(400);

        PrometheusScrape after = PrometheusScrape.of(client);
        assertThat(after.value(ACTIVATIONS, "outcome", "rejected", "code", "VertifyFailUserProfileComplete"))
                .isEqualTo(before.value(ACTIVATIONS, "outcome", "rejected", "code", "VertifyFailUserProfileComplete") + 1);
        assertThat(after.value(ACTIVATIONS, "outcome", "rejected", "code", "InsufficientBalance"))
                .isEqualTo(before.value(ACTIVATIONS, "outcome", "rejected", "code", "InsufficientBalance") + 1);
        assertThat(after.value("cdn_activation_request_seconds_count", "outcome", "rejected"))
                .isEqualTo(before.value("cdn_activation_request_seconds_count", "outcome", "rejected") + 2);
    }

    @Test
    void stuckOrdersAreTheOpenIncidentsAndCancellingOneIsCounted() {
        ProcessInstance stuck = StuckOrders.stuckActivationOf(StuckOrders.COUNTED_AS_STUCK, client, runtime);

        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of(client).value(STUCK) == openIncidents());
        assertThat(PrometheusScrape.of(client).value(STUCK)).isGreaterThanOrEqualTo(1);
        PrometheusScrape before = PrometheusScrape.of(client);

        assertThat(client.admin("DELETE", "/engine-rest/process-instance/" + stuck.getId() + "?skipCustomListeners=true",
                null, "demo", "demo").status()).isEqualTo(204);

        assertThat(runtime.createIncidentQuery().processInstanceId(stuck.getId()).count()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> PrometheusScrape.of(client).value(STUCK) == openIncidents());
        assertThat(PrometheusScrape.of(client).value(ACTIVATIONS, "outcome", "cancelled"))
                .isEqualTo(before.value(ACTIVATIONS, "outcome", "cancelled") + 1);
    }

    private double openIncidents() {
        return runtime.createIncidentQuery().processDefinitionKeyIn(ActivationProcess.PROCESS_KEY)
                .incidentType(Incident.FAILED_JOB_HANDLER_TYPE).count();
    }
}
