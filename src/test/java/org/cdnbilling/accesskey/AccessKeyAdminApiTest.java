package org.cdnbilling.accesskey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issuing, listing (a page at a time, following the {@code Link} header) and disabling AccessKeys; secrets are shown
 * once and stored encrypted.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
class AccessKeyAdminApiTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    HttpTestClient client;
    PagedLists keys;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
        keys = new PagedLists(client, null);
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
    void theKeysAreListedAPageAtATimeInTheOrderIssuedFollowingTheLinkHeader() {
        TestAccount account = Accounts.createEligibleAccount(client);
        String list = "/admin/accounts/" + account.ownerId() + "/access-keys";
        List<String> issued = new ArrayList<>(List.of(account.accessKeyId()));
        for (int i = 0; i < 6; i++) {
            issued.add((String) client.admin("POST", list, null, "demo", "demo").field("AccessKeyId"));
        }

        List<PagedLists.Page> pages = keys.pages(list + "?limit=3");

        assertThat(pages).extracting(page -> page.rows().size()).containsExactly(3, 3, 1);
        assertThat(pages.stream().flatMap(page -> page.rows().stream()).map(key -> key.get("AccessKeyId")))
                .as("each key once, in the order issued").containsExactlyElementsOf(issued);
        assertThat(pages.get(0).next()).as("after: the database's number of the page's last key")
                .isEqualTo(list + "?after=" + number(issued.get(2)) + "&limit=3");
        assertThat(pages.get(1).next()).isEqualTo(list + "?after=" + number(issued.get(5)) + "&limit=3");
        assertThat(pages.get(2).next()).as("no Link on the last page").isNull();
        // the default page holds them all; a page that ends with the last key is the last page
        assertThat(keys.page(list).next()).isNull();
        assertThat(keys.page(list + "?limit=7").next()).isNull();
        // a key issued while a caller pages is on a later page
        PagedLists.Page first = keys.page(list + "?limit=6");
        String late = (String) client.admin("POST", list, null, "demo", "demo").field("AccessKeyId");
        assertThat(keys.all(first.next())).extracting(key -> key.get("AccessKeyId"))
                .containsExactly(issued.get(6), late);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?limit=0                     | limit must be greater than or equal to 1
            ?limit=1001                  | limit must be less than or equal to 1000
            ?limit=99999999999           | limit must be less than or equal to 1000
            ?limit=ten                   | limit must be an integer
            ?after=-1                    | after must be greater than or equal to 0
            ?after=abc                   | after must be an integer
            ?after=-1&limit=0            | after must be greater than or equal to 0; limit must be greater than or equal to 1
            """)
    void aBadPagingParameterIsAClear400NamingIt(String query, String detail) {
        keys.assertRefused("/admin/accounts/1005/access-keys" + query, detail);
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

    private long number(String accessKeyId) {
        return jdbc.queryForObject("select id from access_key where access_key_id = ?", Long.class, accessKeyId);
    }
}
