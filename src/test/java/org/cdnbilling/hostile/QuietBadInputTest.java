package org.cdnbilling.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Bad input and expected conflicts get a 4xx without internals and log nothing at ERROR (only faults do): pages
 * that do not exist, Spring's error page asked for directly, crafted engine REST input from a logged-in operator,
 * and the conflicts of racing requests. Every test fails if any ERROR line is logged while it runs
 * ({@link NoErrorLogged}); the documented 4xx of each API are driven by their own test classes, which carry the
 * same check (docs/testing.md).
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = "cdn.gateway.calls-per-second.OpenCdnService=1000")
class QuietBadInputTest {

    /** A Java class name with its package, as a stack trace or a Jackson message would show it. */
    private static final Pattern QUALIFIED_CLASS_NAME = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z]\\w*");

    @LocalServerPort
    int port;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void webappPagesOfNoSuchEngineOrWebappAreNotFoundWithoutALogin() {
        for (String page : List.of("/camunda/app/cockpit/nosuch/", "/camunda/app/admin/nosuch/",
                "/camunda/app/tasklist/nosuch/", "/camunda/app/welcome/nosuch/",
                "/camunda/app/cockpit/nosuch/index.html",
                "/camunda/app/admin/nosuch/setup/", "/camunda/app/nosuch/default/", "/camunda/app/cockpit/scripts/")) {
            HttpTestClient.Reply reply = client.send("GET", page, null);
            assertThat(reply.status()).as(page).isEqualTo(404);
            assertNoInternals(page, reply);
        }
        assertThat(client.send("GET", "/camunda/app/cockpit/default/", null).status()).isEqualTo(200);
        assertThat(client.send("GET", "/camunda/app/admin/default/", null).status()).isEqualTo(200);
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() {
        for (String method : List.of("GET", "POST")) {
            HttpTestClient.Reply reply = client.send(method, "/error", null);
            assertThat(reply.status()).as(method).isEqualTo(404);
            assertNoInternals("/error", reply);
        }
    }

    @Test
    void aJsonNullBodyIsABadRequestInCamundasDialect() {
        HttpTestClient.Reply reply = engineRest("POST", "/engine-rest/schema/log", "null");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json()).containsEntry("type", "InvalidRequestException");
        assertNoInternals("schema/log", reply);
        assertThat(engineRest("POST", "/engine-rest/schema/log", " null\n").status()).isEqualTo(400);
        assertThat(engineRest("POST", "/engine-rest/schema/log", "{}").status()).isEqualTo(200);
    }

    @Test
    void aConditionThatStartsNothingIsABadRequest() {
        for (String body : List.of("{}", "{\"variables\":{\"x\":{\"value\":1,\"type\":\"Integer\"}}}")) {
            HttpTestClient.Reply reply = engineRest("POST", "/engine-rest/condition", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json()).containsEntry("type", "InvalidRequestException");
            assertNoInternals("condition", reply);
        }
    }

    @Test
    void aMembershipOfNoSuchUserOrGroupIsABadRequest() {
        for (String path : List.of("/engine-rest/group/support/members/nosuch-user",
                "/engine-rest/group/nosuch-group/members/demo")) {
            HttpTestClient.Reply reply = engineRest("PUT", path, null);
            assertThat(reply.status()).as(path + ": " + reply.raw().body()).isEqualTo(400);
            assertThat(reply.json()).containsEntry("type", "InvalidRequestException");
            assertNoInternals(path, reply);
        }
    }

    @Test
    void aMessageNothingWaitsForIsABadRequestWithoutAClassName() {
        HttpTestClient.Reply reply = engineRest("POST", "/engine-rest/message", "{\"messageName\":\"nosuch\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat((String) reply.field("message")).startsWith("Cannot correlate message 'nosuch'");
        assertNoInternals("message", reply);
    }

    @Test
    void bodiesThatAreNotJsonOrOfTheWrongShapeAreBadRequestsInCamundasDialect() {
        for (String body : List.of("nul", "{\"processDefinitionKey\":", "[1]", "{\"processInstanceIds\":5}")) {
            HttpTestClient.Reply reply = engineRest("POST", "/engine-rest/process-instance", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.json()).as(body).containsEntry("type", "InvalidRequestException");
            assertNoInternals(body, reply);
        }
        HttpTestClient.Reply start = engineRest("POST", "/engine-rest/process-definition/key/cdn-activation/start",
                "{\"variables\":5}");
        assertThat(start.status()).isEqualTo(400);
        assertNoInternals("start", start);
    }

    @Test
    void otherEngineRestRefusalsKeepCamundasAnswers() {
        assertThat(engineRest("GET", "/engine-rest/process-instance/nosuch", null).status()).isEqualTo(404);
        assertThat(engineRest("GET", "/engine-rest/nosuch", null).status()).isEqualTo(404);
        assertThat(engineRest("POST", "/engine-rest/message", "{}").status()).isEqualTo(400);
        assertThat(engineRest("GET", "/engine-rest/history/process-instance?variables=x_eq_", null).status())
                .isEqualTo(400);
        assertThat(client.send("GET", "/engine-rest/process-definition", null).status()).isEqualTo(401);
    }

    @Test
    void racingCreatesOfOneAccountAnswer201And409AndLogNoError() throws Exception {
        long ownerId = Accounts.freshOwnerId();
        List<Integer> statuses = AllAtOnce.run(8, i -> () -> client.admin("PUT", "/admin/accounts/" + ownerId,
                Accounts.eligibleAccountJson(), "demo", "demo").status());
        assertThat(statuses).containsOnly(201, 200, 409).contains(201);
    }

    @Test
    void racingOrdersOfOneAccountOpenItOnceAndLogNoError() throws Exception {
        TestAccount account = Accounts.createEligibleAccount(client);
        List<HttpTestClient.Reply> replies = AllAtOnce.run(8,
                i -> () -> client.openCdnService(account, "PayByTraffic"));
        assertThat(replies).filteredOn(reply -> reply.status() == 200).hasSize(1);
        assertThat(replies).filteredOn(reply -> reply.status() != 200)
                .allSatisfy(reply -> assertThat(reply.field("Code")).isEqualTo("CdnService.HasOpened"));
    }

    private HttpTestClient.Reply engineRest(String method, String path, String jsonBody) {
        String login = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes());
        return jsonBody == null ? client.send(method, path, null, "Authorization", login)
                : client.send(method, path, jsonBody, "Authorization", login, "Content-Type", "application/json");
    }

    private static void assertNoInternals(String what, HttpTestClient.Reply reply) {
        String body = reply.raw().body();
        assertThat(QUALIFIED_CLASS_NAME.matcher(body).find()).as("%s answered a Java class name: %s", what, body)
                .isFalse();
        assertThat(body).as(what).doesNotContain("Exception:", "NullPointerException", "\tat ");
    }
}
