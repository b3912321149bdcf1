package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.NoErrorLogged;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * No request can create the first administrator: the operator exists before the web server takes a request
 * (each test context starts on a fresh database), and Camunda's first-user setup is refused always, even when
 * no administrator exists.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@Import(FirstUserSetupTest.OperatorAtServerStart.class)
class FirstUserSetupTest {

    private static final String SETUP = "/camunda/api/admin/setup/default/user/create";
    private static final String INTRUDER = "{\"profile\":{\"id\":\"intruder\",\"firstName\":\"I\",\"lastName\":\"N\","
            + "\"email\":\"i@example.com\"},\"credentials\":{\"password\":\"intruder-password\"}}";

    /** Whether the operator existed when the web server had just started (its port open). */
    @TestConfiguration
    static class OperatorAtServerStart {

        static final AtomicReference<Boolean> OPERATOR_EXISTED = new AtomicReference<>();

        @Bean
        ApplicationListener<ServletWebServerInitializedEvent> operatorAtServerStart(IdentityService identity) {
            return event -> OPERATOR_EXISTED.set(identity.createUserQuery().userId("demo")
                    .memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 1);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Test
    void theOperatorExistsBeforeTheServerTakesRequests() {
        assertThat(OperatorAtServerStart.OPERATOR_EXISTED.get()).isTrue();
    }

    @Test
    void theSetupCreatesNoUser() {
        assertRefused(new ClientAt("127.0.0.1", port));
    }

    @Test
    void theSetupCreatesNoUserEvenWhenNoAdministratorExists() {
        List<User> administrators = identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).list();
        administrators.forEach(user -> identity.deleteMembership(user.getId(), Groups.CAMUNDA_ADMIN));
        try {
            assertThat(identity.createUserQuery().memberOfGroup(Groups.CAMUNDA_ADMIN).count()).isZero();
            assertRefused(new ClientAt("127.0.0.1", port));
        } finally {
            administrators.forEach(user -> identity.createMembership(user.getId(), Groups.CAMUNDA_ADMIN));
        }
    }

    private void assertRefused(ClientAt browser) {
        browser.send("GET", "/camunda/app/admin/default/", null);   // for the XSRF cookie (or the setup page)
        assertThat(browser.cookie("XSRF-TOKEN")).isNotNull();
        ClientAt.Reply reply = browser.send("POST", SETUP, INTRUDER, "Content-Type", "application/json",
                "X-XSRF-TOKEN", browser.cookie("XSRF-TOKEN"));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).isEqualTo("{\"type\":\"SetupNotAvailableException\",\"message\":\"The first-user setup "
                + "is off: the operator account comes from CDN_ADMIN_USER and CDN_ADMIN_PASSWORD\"}");
        assertThat(identity.createUserQuery().userId("intruder").count()).isZero();
    }
}
