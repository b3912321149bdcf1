package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.Operators;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Each API refuses in its own dialect: the engine REST API as Camunda's does (a 401 is the status and
 * {@code WWW-Authenticate}, nothing else), the admin API with RFC 9457 problem details, the RPC API with
 * Alibaba's error body.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class ErrorDialectsTest {

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Test
    void engineRestApiAnswers401AsCamundaDoes() {
        HttpTestClient client = new HttpTestClient(port);
        String operator = Operators.createOperator(identity);

        for (var reply : new HttpTestClient.Reply[] {
                client.admin("GET", "/engine-rest/process-definition", null, null, null),
                client.admin("GET", "/engine-rest/process-definition", null, operator, "wrong")}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Basic realm=\"default\"");
            assertThat(reply.raw().body()).isEmpty();
            assertThat(reply.header("Content-Type")).isNull();
        }
    }

    @Test
    void adminApiAnswers401WithProblemDetails() {
        HttpTestClient client = new HttpTestClient(port);
        String operator = Operators.createOperator(identity);

        for (var reply : new HttpTestClient.Reply[] {
                client.admin("GET", "/admin/accounts/1001", null, null, null),
                client.admin("GET", "/admin/accounts/1001", null, operator, "wrong")}) {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(reply.header("WWW-Authenticate")).startsWith("Basic realm=\"cdn-admin\"");
            assertThat(reply.json()).containsEntry("status", 401).containsEntry("title", "Unauthorized")
                    .containsEntry("detail", "Log in with an operator account (HTTP Basic)")
                    .doesNotContainKeys("Code", "RequestId");
        }
    }

    @Test
    void rpcApiKeepsAlibabasDialect() {
        var reply = new HttpTestClient(port).get(Map.of("Action", "OpenCdnService", "Version", "2018-05-10"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.json()).containsKeys("Code", "Message", "RequestId");
    }
}
