package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.NoErrorLogged;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The gate (SecurityGate): every resource of the engine REST API that checks a password, under every prefix
 * Camunda answers it at (with and without a trailing slash), either goes through the login throttle or is
 * refused; the roles of docs/security.md hold whatever the path. The throttle allows three failures in a row and
 * gives none back during the test; each test plays its clients from addresses of its own (127.0.0.x).
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = {"cdn.security.login-throttle.failures=3",
        "cdn.security.login-throttle.refill-every=1h"})
class SecurityGateTest {

    /** The prefixes of the engine REST API that take HTTP Basic. */
    private static final List<String> BASIC_PREFIXES = List.of("/engine-rest", "/engine-rest/engine/default");
    private static final String WEBAPP_PREFIX = "/camunda/api/engine/engine/default";

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Test
    void identityVerifyIsRefusedUnderEveryPrefixToEveryoneWithoutCheckingThePassword() {
        String operator = user(Roles.ADMIN);
        String body = "{\"username\":\"demo\",\"password\":\"demo\"}";
        List<String> paths = new ArrayList<>();
        for (String prefix : BASIC_PREFIXES) {
            paths.add(prefix + "/identity/verify");
            paths.add(prefix + "/identity/verify/");
        }
        ClientAt client = new ClientAt("127.0.1.1", port);
        for (String path : paths) {
            for (String user : new String[] {null, operator}) {
                ClientAt.Reply reply = user == null
                        ? client.send("POST", path, body, "Content-Type", "application/json")
                        : client.send("POST", path, body, "Content-Type", "application/json", "Authorization",
                                basic(user, password(user)));
                assertThat(reply.status()).as(path + " as " + user).isEqualTo(403);
                assertThat(reply.body()).as(path).isEqualTo("{\"type\":\"ForbiddenException\",\"message\":\"Checking "
                        + "passwords of users is not offered\"}");
            }
        }
        ClientAt cockpit = loggedIn("127.0.1.2", operator);
        for (String path : List.of(WEBAPP_PREFIX + "/identity/verify", WEBAPP_PREFIX + "/identity/verify/")) {
            assertThat(webapp(cockpit, "POST", path, body).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void aPasswordChangesOwnPasswordGoesThroughTheThrottleUnderEveryPrefix() {
        String operator = user(Roles.ADMIN);
        String victim = user(Roles.SUPPORT);
        List<String> prefixes = new ArrayList<>(BASIC_PREFIXES);
        prefixes.add(WEBAPP_PREFIX);
        int address = 10;
        for (String prefix : prefixes) {
            for (String slash : new String[] {"", "/"}) {
                String client = "127.0.1." + address++;
                ClientAt cockpit = prefix.equals(WEBAPP_PREFIX) ? loggedIn(client, operator) : null;
                String path = prefix + "/user/" + victim + "/credentials" + slash;
                List<Integer> statuses = new ArrayList<>();
                for (int guess = 1; guess <= 4; guess++) {
                    String change = "{\"password\":\"new-" + guess + "-" + victim + "\",\"authenticatedUserPassword\":"
                            + "\"guess-" + guess + "\"}";
                    statuses.add(cockpit != null ? webapp(cockpit, "PUT", path, change).status()
                            : new ClientAt(client, port).send("PUT", path, change, "Content-Type", "application/json",
                                    "Authorization", basic(operator, password(operator))).status());
                }
                assertThat(statuses).as(path).containsExactly(400, 400, 400, 429);
                assertThat(identity.checkPassword(victim, password(victim))).as("unchanged by " + path).isTrue();
            }
        }
        // the right own password changes it, through the gate and Camunda
        String change = "{\"password\":\"changed-" + victim + "\",\"authenticatedUserPassword\":\""
                + password(operator) + "\"}";
        ClientAt.Reply changed = new ClientAt("127.0.1.30", port).send("PUT", "/engine-rest/user/" + victim
                + "/credentials", change, "Content-Type", "application/json", "Authorization",
                basic(operator, password(operator)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(204);
        assertThat(identity.checkPassword(victim, "changed-" + victim)).isTrue();
    }

    @Test
    void theMeteringPipelinePostsUsageAndNothingElse() {
        String metering = user(Roles.METERING);
        ClientAt client = new ClientAt("127.0.1.40", port);
        String auth = basic(metering, password(metering));

        assertThat(client.send("POST", "/admin/usage", "{\"samples\":[]}", "Content-Type", "application/json",
                "Authorization", auth).status()).isNotIn(401, 403);
        for (String[] call : new String[][] {
                {"GET", "/engine-rest/user", null},
                {"GET", "/engine-rest/engine/default/user", null},
                {"GET", "/engine-rest/user/" + metering + "/profile", null},
                {"PUT", "/engine-rest/user/" + metering + "/profile", "{\"id\":\"" + metering + "\",\"firstName\":\"x\"}"},
                {"PUT", "/engine-rest/user/" + metering + "/credentials",
                        "{\"password\":\"owned-1234\",\"authenticatedUserPassword\":\"" + password(metering) + "\"}"},
                {"GET", "/engine-rest/process-definition", null},
                {"GET", "/admin/accounts/1001", null},
                {"GET", "/admin/process-migrations?processKey=cdn-overdue", null},
                {"POST", "/admin/process-migrations", "{\"processKey\":\"cdn-overdue\"}"},
                {"GET", "/admin/process-versions", null},
                {"PUT", "/admin/process-versions/cdn-activation", "{\"versionTag\":\"1\"}"},
                {"DELETE", "/admin/process-versions/cdn-activation", null},
                {"GET", "/actuator/prometheus", null}}) {
            ClientAt.Reply reply = call[2] == null ? client.send(call[0], call[1], null, "Authorization", auth)
                    : client.send(call[0], call[1], call[2], "Content-Type", "application/json", "Authorization", auth);
            assertThat(reply.status()).as(call[0] + " " + call[1]).isEqualTo(403);
        }
        assertThat(identity.checkPassword(metering, password(metering))).isTrue();
        assertThat(identity.createUserQuery().userId(metering).singleResult().getFirstName()).isNull();
        assertThat(new ClientAt("127.0.1.41", port).cockpitLogin(metering, password(metering)).status())
                .as("no webapp login").isEqualTo(403);
    }

    @Test
    void supportReadsButChangesNoUserNotEvenItself() {
        String support = user(Roles.SUPPORT);
        ClientAt client = new ClientAt("127.0.1.50", port);
        String auth = basic(support, password(support));

        assertThat(client.send("GET", "/engine-rest/process-definition", null, "Authorization", auth).status())
                .isEqualTo(200);
        assertThat(client.send("PUT", "/engine-rest/user/" + support + "/profile", "{\"id\":\"" + support
                + "\",\"firstName\":\"x\"}", "Content-Type", "application/json", "Authorization", auth).status())
                .isEqualTo(403);
        ClientAt cockpit = loggedIn("127.0.1.51", support);
        assertThat(webapp(cockpit, "GET", WEBAPP_PREFIX + "/process-definition/count", null).status()).isEqualTo(200);
        assertThat(webapp(cockpit, "PUT", WEBAPP_PREFIX + "/user/" + support + "/profile", "{\"id\":\"" + support
                + "\",\"firstName\":\"x\"}").status()).isEqualTo(403);
        assertThat(identity.createUserQuery().userId(support).singleResult().getFirstName()).isNull();
        // migrating running instances is the operator's (ProcessMigrationOverHttpTest)
        assertThat(client.send("GET", "/admin/process-migrations?processKey=cdn-overdue", null, "Authorization", auth)
                .status()).isEqualTo(403);
        assertThat(client.send("POST", "/admin/process-migrations", "{\"processKey\":\"cdn-overdue\"}",
                "Content-Type", "application/json", "Authorization", auth).status()).isEqualTo(403);
        // and so is adopting a process version (ProcessVersionAdoptionTest)
        assertProcessVersionsRefused(client, auth);
    }

    private static void assertProcessVersionsRefused(ClientAt client, String auth) {
        assertThat(client.send("GET", "/admin/process-versions", null, "Authorization", auth).status())
                .isEqualTo(403);
        assertThat(client.send("PUT", "/admin/process-versions/cdn-activation", "{\"versionTag\":\"1\"}",
                "Content-Type", "application/json", "Authorization", auth).status()).isEqualTo(403);
        assertThat(client.send("DELETE", "/admin/process-versions/cdn-activation", null, "Authorization", auth)
                .status()).isEqualTo(403);
    }

    @Test
    void metricsNeedAMonitoringOrOperatorLoginAndHealthNone() {
        String monitoring = user(Roles.MONITORING);
        ClientAt client = new ClientAt("127.0.1.60", port);

        ClientAt.Reply anonymous = client.send("GET", "/actuator/prometheus", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic realm=\"cdn-metrics\"");
        assertThat(anonymous.body()).doesNotContain("cdn_");
        ClientAt.Reply scraped = client.send("GET", "/actuator/prometheus", null, "Authorization",
                basic(monitoring, password(monitoring)));
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.body()).contains("cdn_accounts_in_debt");
        assertThat(client.send("GET", "/actuator/prometheus", null, "Authorization", basic("demo", "demo")).status())
                .isEqualTo(200);
        assertThat(client.send("GET", "/admin/accounts/1001", null, "Authorization",
                basic(monitoring, password(monitoring))).status()).isEqualTo(403);
        assertProcessVersionsRefused(client, basic(monitoring, password(monitoring)));
        assertThat(client.send("GET", "/actuator/health/readiness", null).status()).isEqualTo(200);
    }

    @Test
    void pathsNoApiServesAreNotFoundAndTheRpcApiIgnoresBasicCredentials() {
        ClientAt client = new ClientAt("127.0.1.70", port);
        for (String path : List.of("/nosuch", "/admin-console", "/actuator/env", "/engine-restx/identity/verify")) {
            int status = client.send("GET", path, null, "Authorization", basic("demo", "demo")).status();
            assertThat(status).as(path).isIn(403, 404);
        }
        // forms of a path that are no path of the service's: refused before any rule (400), never a 500
        for (String path : List.of("/engine-rest;x=y/identity/verify", "/engine-rest/identity;x=y/verify",
                "/engine-rest/identity%3Bx/verify", "/engine-rest//identity/verify", "/engine-rest/identity%2Fverify",
                "/engine-rest/identity/../identity/verify", "/admin;jsessionid=1/accounts/1001")) {
            assertThat(client.send("POST", path, "{}", "Content-Type", "application/json", "Authorization",
                    basic("demo", "demo")).status()).as(path).isEqualTo(400);
        }
        // a wrong Basic password on the RPC API is no login: it spends nothing of the client's budget
        for (int i = 0; i < 5; i++) {
            assertThat(client.send("GET", "/?Action=DescribeCdnService&Version=2018-05-10", null, "Authorization",
                    basic("demo", "wrong-" + i)).status()).isEqualTo(400);
        }
        assertThat(client.basic("GET", "/admin/accounts/1001", "demo", "demo").status()).isEqualTo(200);
    }

    /** A Cockpit session of the user, logged in from the address. */
    private ClientAt loggedIn(String address, String user) {
        ClientAt cockpit = new ClientAt(address, port);
        assertThat(cockpit.cockpitLogin(user, password(user)).status()).isEqualTo(200);
        return cockpit;
    }

    private static ClientAt.Reply webapp(ClientAt cockpit, String method, String path, String body) {
        return body == null ? cockpit.send(method, path, null, "X-XSRF-TOKEN", cockpit.cookie("XSRF-TOKEN"))
                : cockpit.send(method, path, body, "Content-Type", "application/json", "X-XSRF-TOKEN",
                        cockpit.cookie("XSRF-TOKEN"));
    }

    private String user(String group) {
        String id = "g" + UUID.randomUUID().toString().substring(0, 8);
        User user = identity.newUser(id);
        user.setPassword(password(id));
        identity.saveUser(user);
        identity.createMembership(id, group);
        return id;
    }

    private static String password(String user) {
        return "secret-" + user;
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
