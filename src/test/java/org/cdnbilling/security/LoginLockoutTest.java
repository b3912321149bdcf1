package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.Operators;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Nobody can lock an operator out by sending wrong passwords for its name, and guessing from one address is
 * throttled. Each client address of these tests is its own (127.0.0.x); the throttle allows three failures in
 * a row and gives no more back during the test.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = {"cdn.security.login-throttle.failures=3",
        "cdn.security.login-throttle.refill-every=10m"})
@ExtendWith(OutputCaptureExtension.class)
class LoginLockoutTest {

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Autowired
    ProcessEngine engine;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    OperatorAccountInitializer operatorAccount;

    @Test
    void wrongPasswordsFromElsewhereNeverKeepTheOperatorOut() {
        String operator = Operators.createOperator(identity);

        // twelve wrong passwords reach Camunda (Camunda's lock used to be permanent after ten), from four addresses
        for (String attacker : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5")) {
            ClientAt client = new ClientAt(attacker, port);
            List<Integer> statuses = new ArrayList<>();
            statuses.add(client.basic("GET", "/engine-rest/process-definition", operator, "guess-1").status());
            statuses.add(client.basic("GET", "/admin/accounts/1001", operator, "guess-2").status());
            statuses.add(client.cockpitLogin(operator, "guess-3").status());
            statuses.add(client.basic("GET", "/engine-rest/process-definition", operator, "guess-4").status());
            assertThat(statuses).as("from " + attacker).containsExactly(401, 401, 401, 429);
        }

        // right away, not after a lock runs out
        ClientAt operatorsDesk = new ClientAt("127.0.0.1", port);
        assertThat(operatorsDesk.basic("GET", "/engine-rest/process-definition", operator, "secret-" + operator).status())
                .isEqualTo(200);
        assertThat(operatorsDesk.basic("GET", "/admin/accounts/1001", operator, "secret-" + operator).status())
                .isEqualTo(200);
        assertThat(operatorsDesk.cockpitLogin(operator, "secret-" + operator).status()).isEqualTo(200);
    }

    @Test
    void anyNumberOfEarlierFailuresLeavesTheRightPasswordWorking() {
        String operator = Operators.createOperator(identity);
        jdbc.update("update ACT_ID_USER set ATTEMPTS_ = 50, LOCK_EXP_TIME_ = null where ID_ = ?", operator);

        assertThat(new ClientAt("127.0.0.6", port)
                .basic("GET", "/engine-rest/process-definition", operator, "secret-" + operator).status()).isEqualTo(200);
    }

    @Test
    void aLockLeftByAnEarlierReleaseIsLiftedAtStartUp() {
        jdbc.update("update ACT_ID_USER set ATTEMPTS_ = 10, LOCK_EXP_TIME_ = ? where ID_ = 'demo'",
                Timestamp.from(Instant.parse("2999-01-01T00:00:00Z")));
        ClientAt client = new ClientAt("127.0.0.7", port);
        try {
            assertThat(client.basic("GET", "/admin/accounts/1001", "demo", "demo").status()).isEqualTo(401);

            operatorAccount.postProcessEngineBuild(engine);   // what start-up runs

            assertThat(client.basic("GET", "/admin/accounts/1001", "demo", "demo").status()).isEqualTo(200);
        } finally {
            identity.unlockUser("demo");
        }
    }

    @Test
    void aClientGuessingPasswordsIsThrottledAndLogged(CapturedOutput output) {
        String operator = Operators.createOperator(identity);
        ClientAt guesser = new ClientAt("127.0.0.9", port);
        for (int i = 1; i <= 3; i++) {
            assertThat(guesser.basic("GET", "/engine-rest/process-definition", operator, "guess-" + i).status())
                    .isEqualTo(401);
        }

        ClientAt.Reply engineRest = guesser.basic("GET", "/engine-rest/process-definition", operator, "secret-" + operator);
        assertThat(engineRest.status()).isEqualTo(429);
        assertThat(engineRest.header("Content-Type")).isEqualTo("application/json");
        assertThat(Long.parseLong(engineRest.header("Retry-After"))).isPositive();
        assertThat(engineRest.body()).startsWith("{\"type\":\"LoginThrottledException\",\"message\":\"Too many failed "
                + "logins from this address; try again in ");

        ClientAt.Reply admin = guesser.basic("GET", "/admin/accounts/1001", operator, "secret-" + operator);
        assertThat(admin.status()).isEqualTo(429);
        assertThat(admin.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(admin.body()).startsWith("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                + "\"detail\":\"Too many failed logins from this address; try again in ");

        assertThat(guesser.cockpitLogin(operator, "secret-" + operator).status()).isEqualTo(429);
        assertThat(output.getOut()).contains("Failed login of user \"" + operator + "\" from 127.0.0.9 "
                + "(GET /engine-rest/process-definition); 0 more failures allowed now");

        // another address is not held back, and right passwords cost nothing
        ClientAt colleague = new ClientAt("127.0.0.10", port);
        for (int i = 0; i < 5; i++) {
            assertThat(colleague.basic("GET", "/admin/accounts/1001", operator, "secret-" + operator).status())
                    .isEqualTo(200);
        }
        assertThat(colleague.basic("GET", "/admin/accounts/1001", operator, "typo").status()).isEqualTo(401);
        assertThat(colleague.basic("GET", "/admin/accounts/1001", operator, "secret-" + operator).status())
                .isEqualTo(200);
    }
}
