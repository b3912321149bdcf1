package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Each demo account answers OpenCdnService as the README lists, through HTTP like a caller. */
@DemoApplicationTest
class DemoAccountsOverHttpTest {

    @LocalServerPort
    int port;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @ParameterizedTest(name = "{0} is refused with {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1002 | 400 | NoRealNameAuthentication       | Real name authentication is needed.
            1003 | 400 | VertifyFailUserProfileComplete | MISSING USERPROFILE
            1004 | 403 | Forbidden.Intl                 | User not authorized to open Intl service.
            1005 | 403 | Forbidden.BidUser              | Bid user is limited to open service.
            1006 | 400 | VertifyFailInvalidPayMethod    | INVALID PAY METHOD
            1007 | 400 | InsufficientBalance            | Your account does not have enough balance.
            1008 | 400 | CreateOrderFailed              | Create order failed.
            1009 | 400 | QueryInfoError                 | Create order failed
            1010 | 400 | CdnService.HasOpened           | Your cdn service has opened.
            """)
    void refusedAccountGetsItsDocumentedErrorAndNothingIsKept(long ownerId, int status, String code, String message) {
        HttpTestClient.Reply reply = client.openCdnService(TestAccount.demo(ownerId), "PayByTraffic");

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        Map<String, Object> body = reply.json();
        assertThat(body).containsOnlyKeys("RequestId", "HostId", "Code", "Message", "Recommend")
                .containsEntry("Code", code)
                .containsEntry("Message", message)
                .containsEntry("RequestId", reply.header("x-acs-request-id"));
        List<?> orders = (List<?>) account(ownerId).get("orders");
        assertThat(orders).hasSize(ownerId == 1010 ? 1 : 0);
    }

    @Test
    void account1001ActivatesOnceAndThenHasOpened() {
        HttpTestClient.Reply first = client.openCdnService(TestAccount.demo(1001), "PayByTraffic");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json()).containsOnlyKeys("RequestId");
        assertThat((String) first.field("RequestId")).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        await().atMost(Duration.ofSeconds(30)).until(() -> orderStatus(1001).equals("ACTIVATED"));
        assertThat(account(1001).get("cdnService")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "OPENED").containsEntry("internetChargeType", "PayByTraffic");

        HttpTestClient.Reply second = client.openCdnService(TestAccount.demo(1001), "PayByTraffic");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.field("Code")).isEqualTo("CdnService.HasOpened");
    }

    @Test
    void account1011GetsStuckAfterThreeTriesAndOneRetryFinishesIt() {
        assertThat(client.openCdnService(TestAccount.demo(1011), "PayByTraffic").status()).isEqualTo(200);

        Map<String, Object> incident = awaitIncident("1011");
        assertThat((String) incident.get("incidentMessage"))
                .startsWith("Order ").contains("of account 1011")
                .contains("Activate CDN service").contains("provisioning backend");
        assertThat(orderStatus(1011)).isEqualTo("ACCEPTED");

        String jobId = (String) incident.get("configuration");
        HttpTestClient.Reply retry = client.admin("PUT", "/engine-rest/job/" + jobId + "/retries",
                "{\"retries\":1}", "demo", "demo");
        assertThat(retry.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> orderStatus(1011).equals("ACTIVATED"));
    }

    @Test
    void account1012IsAcceptedButProvisioningAlwaysFails() {
        assertThat(client.openCdnService(TestAccount.demo(1012), "PayByTraffic").status()).isEqualTo(200);

        Map<String, Object> incident = awaitIncident("1012");
        assertThat((String) incident.get("incidentMessage")).contains("of account 1012");
        assertThat(orderStatus(1012)).isEqualTo("ACCEPTED");
        assertThat(account(1012).get("cdnService")).isNull();
    }

    private Map<String, Object> awaitIncident(String businessKey) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> incidentOf(businessKey), i -> i != null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> incidentOf(String businessKey) {
        HttpTestClient.Reply instances = client.admin("GET",
                "/engine-rest/process-instance?businessKey=" + businessKey, null, "demo", "demo");
        List<Map<String, Object>> list = (List<Map<String, Object>>) (List<?>) parseList(instances);
        if (list.isEmpty()) {
            return null;
        }
        HttpTestClient.Reply incidents = client.admin("GET",
                "/engine-rest/incident?processInstanceId=" + list.get(0).get("id"), null, "demo", "demo");
        List<Map<String, Object>> found = (List<Map<String, Object>>) (List<?>) parseList(incidents);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<?> parseList(HttpTestClient.Reply reply) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply.raw().body(), List.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(reply.status() + " " + reply.raw().headers().map() + " " + reply.raw().body(), e);
        }
    }

    private Map<String, Object> account(long ownerId) {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private String orderStatus(long ownerId) {
        List<Map<String, Object>> orders = (List<Map<String, Object>>) account(ownerId).get("orders");
        return orders.isEmpty() ? "NONE" : (String) orders.get(orders.size() - 1).get("status");
    }
}
