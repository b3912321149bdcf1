package org.cdnbilling.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.Operators;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The account sync API: operators only, create or update, clear 400s, nothing stored when refused. */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class AccountAdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    org.cdnbilling.account.Accounts accounts;

    @Autowired
    IdentityService identity;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void createsThenUpdatesAnAccount() {
        long ownerId = Accounts.freshOwnerId();

        var created = client.admin("PUT", "/admin/accounts/" + ownerId, Accounts.eligibleAccountJson(), "demo", "demo");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json()).containsEntry("ownerId", (int) ownerId).containsEntry("site", "domestic")
                .containsEntry("cdnService", null);
        assertThat(((Number) created.field("balance")).doubleValue()).isEqualTo(100.0);

        var updated = client.admin("PUT", "/admin/accounts/" + ownerId, """
                {"ownerAccount":"someone@example.com","realNameVerified":false,"profileComplete":true,
                 "site":"international","intlAllowed":true,"bidUser":false,"payMethodValid":true,"balance":100.00}""",
                "demo", "demo");
        assertThat(updated.status()).isEqualTo(200);

        // the profile is the account centre's; the balance (the same one sent again) stays the ledger's
        var read = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo");
        assertThat(read.json()).containsEntry("ownerAccount", "someone@example.com")
                .containsEntry("realNameVerified", false).containsEntry("site", "international")
                .containsEntry("intlAllowed", true).containsEntry("balance", 100.0);
        assertThat(client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo").field("updatedAt"))
                .isNotNull();
    }

    @Test
    void unknownAccountIsNotFound() {
        assertThat(client.admin("GET", "/admin/accounts/99999999", null, "demo", "demo").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{}",
        "{\"realNameVerified\":\"yes\",\"profileComplete\":true,\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":1}",
        "{\"realNameVerified\":true,\"profileComplete\":true,\"site\":\"mars\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":1}",
        "{\"realNameVerified\":true,\"profileComplete\":true,\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":1.234}",
        "{\"realNameVerified\":true,\"profileComplete\":true,\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":\"lots\"}",
        "{\"realNameVerified\":true,\"profileComplete\":true,\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":1,\"vip\":true}",
        "{\"realNameVerified\":true,\"profileComplete\":true,\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":null,\"balance\":1}"
    })
    void badBodyIsAClear400AndStoresNothing(String body) {
        long ownerId = Accounts.freshOwnerId();

        var reply = client.admin("PUT", "/admin/accounts/" + ownerId, body, "demo", "demo");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat((String) reply.field("detail")).isNotBlank().doesNotContain("org.cdnbilling").doesNotContain("Exception");
        assertThat(accounts.existsById(ownerId)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5"})
    void badOwnerIdIsA400(String ownerId) {
        var reply = client.admin("PUT", "/admin/accounts/" + ownerId, Accounts.eligibleAccountJson(), "demo", "demo");

        assertThat(reply.status()).isEqualTo(400);
    }

    @Test
    void usersOutsideTheOperatorGroupAreRefused() {
        var user = identity.newUser("viewer" + Accounts.freshOwnerId());
        user.setPassword("viewer-password");
        identity.saveUser(user);

        // logged in, but not an operator: forbidden (a wrong password is 401, operatorsOnly)
        assertThat(client.admin("GET", "/admin/accounts/1001", null, user.getId(), "viewer-password").status())
                .isEqualTo(403);
    }

    @Test
    void operatorsOnly() {
        String operator = Operators.createOperator(identity);
        assertThat(client.admin("GET", "/admin/accounts/1001", null, operator, "secret-" + operator).status())
                .isEqualTo(200);
        assertThat(client.admin("GET", "/admin/accounts/1001", null, null, null).status()).isEqualTo(401);
        assertThat(client.admin("GET", "/admin/accounts/1001", null, operator, "wrong").status()).isEqualTo(401);
        var refused = client.admin("PUT", "/admin/accounts/1001", Accounts.eligibleAccountJson(), null, null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Basic");
    }
}
