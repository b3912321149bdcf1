package org.cdnbilling.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Issuing, listing and disabling AccessKeys; secrets are shown once and stored encrypted. */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class AccessKeyAdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void issuedSecretIsShownOnceAndStoredEncrypted() {
        long ownerId = Accounts.freshOwnerId();
        client.admin("PUT", "/admin/accounts/" + ownerId, Accounts.eligibleAccountJson(), "demo", "demo");

        var issued = client.admin("POST", "/admin/accounts/" + ownerId + "/access-keys", null, "demo", "demo");

        assertThat(issued.status()).isEqualTo(201);
        String accessKeyId = (String) issued.field("AccessKeyId");
        String secret = (String) issued.field("AccessKeySecret");
        assertThat(accessKeyId).matches("LTAI[A-Za-z0-9]{20}");
        assertThat(secret).matches("[A-Za-z0-9]{30}");

        var listed = client.admin("GET", "/admin/accounts/" + ownerId + "/access-keys", null, "demo", "demo");
        assertThat(listed.raw().body()).contains(accessKeyId).contains("\"Status\":\"Active\"").doesNotContain(secret);

        String stored = jdbc.queryForObject("select secret_ciphertext from access_key where access_key_id = ?",
                String.class, accessKeyId);
        assertThat(stored).startsWith("v1:").doesNotContain(secret);
        String dump = jdbc.queryForList("select * from access_key").toString();
        assertThat(dump).doesNotContain(secret).doesNotContain("demo-sk-1001");
    }

    @Test
    void disablingNeedsTheKeyOfThatAccount() {
        var first = Accounts.createEligibleAccount(client);
        var second = Accounts.createEligibleAccount(client);

        var foreign = client.admin("PATCH", "/admin/accounts/" + second.ownerId() + "/access-keys/" + first.accessKeyId(),
                "{\"Status\":\"Inactive\"}", "demo", "demo");
        assertThat(foreign.status()).isEqualTo(404);

        var badStatus = client.admin("PATCH", "/admin/accounts/" + first.ownerId() + "/access-keys/" + first.accessKeyId(),
                "{\"Status\":\"Sleeping\"}", "demo", "demo");
        assertThat(badStatus.status()).isEqualTo(400);

        var disabled = client.admin("PATCH", "/admin/accounts/" + first.ownerId() + "/access-keys/" + first.accessKeyId(),
                "{\"Status\":\"Inactive\"}", "demo", "demo");
        assertThat(disabled.json()).containsEntry("Status", "Inactive");
    }

    @Test
    void noKeysForAnUnknownAccount() {
        assertThat(client.admin("POST", "/admin/accounts/99999998/access-keys", null, "demo", "demo").status())
                .isEqualTo(404);
        assertThat(client.admin("POST", "/admin/accounts/1001/access-keys", null, null, null).status()).isEqualTo(401);
    }

    @Test
    void demoAccountsHaveTheirDemoKeys() {
        var listed = client.admin("GET", "/admin/accounts/1005/access-keys", null, "demo", "demo");

        assertThat(listed.raw().body()).contains("\"AccessKeyId\":\"demo-ak-1005\"");
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select owner_id, status from access_key where access_key_id like 'demo-ak-%' order by owner_id");
        assertThat(rows).hasSize(15);
        assertThat(rows.get(rows.size() - 1).values()).containsExactly(1015L, "Active");
    }
}
