package org.cdnbilling.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.Operators;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The engine REST API and Cockpit need the operator's login. */
@DemoApplicationTest
class LoginRequiredTest {

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Test
    void engineRestApiNeedsALogin() {
        HttpTestClient client = new HttpTestClient(port);

        assertThat(client.admin("GET", "/engine-rest/process-definition", null, null, null).status()).isEqualTo(401);
        String operator = Operators.createOperator(identity);
        assertThat(client.admin("GET", "/engine-rest/process-definition", null, operator, "nope").status()).isEqualTo(401);
        var definitions = client.admin("GET", "/engine-rest/process-definition?key=cdn-activation", null, "demo", "demo");
        assertThat(definitions.status()).as(definitions.raw().headers().map() + definitions.raw().body()).isEqualTo(200);
        assertThat(definitions.raw().body()).contains("\"key\":\"cdn-activation\"")
                .contains("\"resource\":\"processes/cdn-activation.bpmn\"");
    }

    @Test
    void cockpitLogsInTheOperatorOnly() throws Exception {
        String operator = Operators.createOperator(identity);

        assertThat(cockpitLogin(operator, "wrong")).isEqualTo(401);
        assertThat(cockpitLogin("demo", "demo")).isEqualTo(200);
    }

    /** Logs in to Cockpit as its page does: fetch the page for the XSRF cookie, then post the form. */
    private int cockpitLogin(String user, String password) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        String base = "http://127.0.0.1:" + port;
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/cockpit/default/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                        URI.create(base + "/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
                .build(), HttpResponse.BodyHandlers.ofString());
        return login.statusCode();
    }
}
