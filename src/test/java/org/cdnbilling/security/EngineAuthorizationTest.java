package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.StuckOrders;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda's authorization is on: the operator (camunda-admin) may do everything, a member of {@code support}
 * may look but not act, a user in no group of the gate is refused (403) before Camunda sees its request. Over the engine REST API, with a stuck
 * order (an incident) to look at.
 */
@DemoApplicationTest
class EngineAuthorizationTest {

    private static final String BPMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="test">
              <process id="%s" isExecutable="true" camunda:historyTimeToLive="1"
                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
                <startEvent id="start"/>
              </process>
            </definitions>
            """;

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Autowired
    RuntimeService runtime;

    @Autowired
    ManagementService management;

    HttpTestClient client;

    static ProcessInstance stuck;

    @BeforeEach
    void stuckOrder() {
        client = new HttpTestClient(port);
        if (stuck == null) {
            stuck = StuckOrders.stuckActivationOf(StuckOrders.COUNTED_AS_STUCK, client, runtime);
        }
    }

    @Test
    void aUserInNoGroupOfTheGateIsRefusedEverywhere() {
        String user = user(null);

        var instances = get("/engine-rest/process-instance?businessKey=" + stuck.getBusinessKey(), user);
        assertThat(instances.status()).isEqualTo(403);
        assertThat(instances.header("Content-Type")).isEqualTo("application/json");
        assertThat(instances.json()).containsEntry("type", "ForbiddenException");
        assertThat(instances.raw().body()).doesNotContain(stuck.getId());
        assertThat(get("/engine-rest/process-instance/" + stuck.getId() + "/variables", user).status()).isEqualTo(403);
        assertThat(get("/engine-rest/user", user).status()).isEqualTo(403);

        assertThat(deploy(user).status()).isEqualTo(403);
        assertThat(cockpitLogin(user)).isEqualTo(403);
    }

    @Test
    void supportSeesInstancesAndIncidentsButCannotRetryCancelOrDeploy() {
        String user = user(Roles.SUPPORT);

        assertThat(get("/engine-rest/process-instance?businessKey=" + stuck.getBusinessKey(), user).raw().body())
                .contains(stuck.getId());
        assertThat(get("/engine-rest/incident?processInstanceId=" + stuck.getId(), user).raw().body())
                .contains("\"incidentType\":\"failedJob\"");
        assertThat(get("/engine-rest/process-instance/" + stuck.getId() + "/variables", user).status()).isEqualTo(200);
        assertThat(get("/engine-rest/history/process-instance/" + stuck.getId(), user).status()).isEqualTo(200);
        assertThat(cockpitLogin(user)).isEqualTo(200);

        String job = management.createJobQuery().processInstanceId(stuck.getId()).singleResult().getId();
        var retry = client.admin("PUT", "/engine-rest/job/" + job + "/retries", "{\"retries\":1}", user, password(user));
        assertThat(retry.status()).isEqualTo(403);
        assertThat(retry.json()).containsEntry("type", "AuthorizationException");
        assertThat(client.admin("DELETE", "/engine-rest/process-instance/" + stuck.getId(), null, user, password(user))
                .status()).isEqualTo(403);
        assertThat(deploy(user).status()).isEqualTo(403);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(stuck.getId()).count()).isOne();
    }

    @Test
    void theOperatorMayDoEverything() {
        assertThat(get("/engine-rest/process-instance/" + stuck.getId() + "/variables", "demo").status()).isEqualTo(200);
        assertThat(get("/engine-rest/incident?processInstanceId=" + stuck.getId(), "demo").raw().body())
                .contains("\"incidentType\":\"failedJob\"");
        var deployment = deploy("demo");
        assertThat(deployment.status()).as(deployment.raw().body()).isEqualTo(200);
        assertThat(cockpitLogin("demo")).isEqualTo(200);
    }

    private HttpTestClient.Reply get(String path, String user) {
        return client.admin("GET", path, null, user, password(user));
    }

    private HttpTestClient.Reply deploy(String user) {
        String boundary = "b" + UUID.randomUUID().toString().replace("-", "");
        String key = "p" + UUID.randomUUID().toString().substring(0, 8);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\n" + key
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + key
                + ".bpmn\"\r\nContent-Type: application/octet-stream\r\n\r\n" + BPMN.formatted(key) + "\r\n--"
                + boundary + "--\r\n";
        return client.send("POST", "/engine-rest/deployment/create", body,
                "Content-Type", "multipart/form-data; boundary=" + boundary, "Authorization", basic(user));
    }

    private int cockpitLogin(String user) {
        return new ClientAt("127.0.0.1", port).cockpitLogin(user, password(user)).status();
    }

    /** A new user, in the given group unless null. */
    private String user(String group) {
        String id = "u" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setPassword(password(id));
        identity.saveUser(user);
        if (group != null) {
            identity.createMembership(id, group);
        }
        return id;
    }

    private static String password(String user) {
        return user.equals("demo") ? "demo" : "secret-" + user;
    }

    private static String basic(String user) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password(user)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
