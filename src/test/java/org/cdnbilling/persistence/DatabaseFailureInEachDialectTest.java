package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import javax.sql.DataSource;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A connection lost in the middle of a request, after the login: the database fails the statements on one table
 * as a dropped connection does ({@code SQLTransientConnectionException}), everything else works. Each API answers 503
 * with {@code Retry-After} in its own dialect, where the admin API and the engine REST API answered 500: the admin
 * API's controllers, the engine REST API's resources (Camunda's exception mappers), the RPC API's actions, and the
 * logins of the admin API and the engine REST API (not 401), and the webapps' own APIs under {@code /camunda/api}.
 * {@link DatabaseOutageInEveryApiTest} cuts the real PostgreSQL server's connections.
 */
@DemoApplicationTest
@Import(DatabaseFailureInEachDialectTest.FailingTables.class)
class DatabaseFailureInEachDialectTest {

    @LocalServerPort
    int port;

    @Autowired
    FailingTables failing;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @AfterEach
    void databaseBack() {
        failing.tables.clear();
    }

    @Test
    void theAdminApiAnswersServiceUnavailableAsProblemDetails() {
        assertThat(client.admin("GET", "/admin/accounts/1010", null, "demo", "demo").status()).isEqualTo(200);
        failing.tables.add("from account ");

        HttpTestClient.Reply reply = client.admin("GET", "/admin/accounts/1010", null, "demo", "demo");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.header("Retry-After")).isEqualTo("10");
        assertThat(reply.header("x-acs-request-id")).isNotBlank();
        assertThat(reply.json()).containsEntry("type", "about:blank").containsEntry("title", "Service Unavailable")
                .containsEntry("status", 503).containsEntry("detail", "The database is unavailable; try again later")
                .containsEntry("instance", "/admin/accounts/1010");

        failing.tables.clear();
        assertThat(client.admin("GET", "/admin/accounts/1010", null, "demo", "demo").status()).isEqualTo(200);
    }

    @Test
    void theEngineRestApiAnswersServiceUnavailableInCamundasDialect() {
        String path = "/engine-rest/process-definition/count";
        assertThat(client.send("GET", path, null, "Authorization", "Basic ZGVtbzpkZW1v").status()).isEqualTo(200);
        failing.tables.add("ACT_RE_PROCDEF");

        HttpTestClient.Reply reply = client.send("GET", path, null, "Authorization", "Basic ZGVtbzpkZW1v");

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Retry-After")).isEqualTo("10");
        assertThat(reply.json()).isEqualTo(Map.of("type", "ServiceUnavailableException",
                "message", "The database is unavailable; try again later"));

        // Camunda's own answers stay: an unknown definition is still its 404
        failing.tables.clear();
        HttpTestClient.Reply unknown = client.send("GET", "/engine-rest/process-definition/nope", null,
                "Authorization", "Basic ZGVtbzpkZW1v");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json()).containsEntry("type", "InvalidRequestException");
    }

    /** Cockpit's own API (a Jersey application Camunda builds, not the engine REST API): 503 too, not 500. */
    @Test
    void theWebappsApisAnswerServiceUnavailableInCamundasDialect() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
        String base = "http://127.0.0.1:" + port;
        browser.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/cockpit/default/")).build(),
                HttpResponse.BodyHandlers.ofString());
        String xsrf = cookies.getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("XSRF-TOKEN")).findFirst().orElseThrow().getValue();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                        URI.create(base + "/camunda/api/admin/auth/user/default/login/cockpit"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        for (String path : new String[] {"/camunda/api/engine/engine/default/process-definition/count",
                "/camunda/api/cockpit/plugin/base/default/process-definition/statistics"}) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("X-XSRF-TOKEN", xsrf)
                    .header("Accept", "application/json").build();
            assertThat(browser.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).as(path)
                    .isEqualTo(200);
            failing.tables.add("ACT_RE_PROCDEF");

            HttpResponse<String> reply = browser.send(request, HttpResponse.BodyHandlers.ofString());

            assertThat(reply.statusCode()).as(path + ": " + reply.body()).isEqualTo(503);
            assertThat(reply.headers().firstValue("Retry-After")).as(path).hasValue("10");
            assertThat(reply.body()).as(path).isEqualTo("{\"type\":\"ServiceUnavailableException\","
                    + "\"message\":\"The database is unavailable; try again later\"}");
            failing.tables.clear();
        }
    }

    /** The logins check passwords in Camunda's identity service: a database lost then is no wrong password. */
    @Test
    void aLoginThatCannotReachTheDatabaseIsServiceUnavailableNotUnauthorized() {
        failing.tables.add("ACT_ID_USER");

        HttpTestClient.Reply admin = client.admin("GET", "/admin/accounts/1010", null, "demo", "demo");
        HttpTestClient.Reply engine = client.send("GET", "/engine-rest/process-definition/count", null,
                "Authorization", "Basic ZGVtbzpkZW1v");

        assertThat(admin.status()).as(admin.raw().body()).isEqualTo(503);
        assertThat(admin.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(admin.header("Retry-After")).isEqualTo("10");
        assertThat(admin.json()).containsEntry("title", "Service Unavailable");
        assertThat(engine.status()).as(engine.raw().body()).isEqualTo(503);
        assertThat(engine.header("Retry-After")).isEqualTo("10");
        assertThat(engine.json()).isEqualTo(Map.of("type", "ServiceUnavailableException",
                "message", "The database is unavailable; try again later"));
        failing.tables.clear();
        assertThat(client.admin("GET", "/admin/accounts/1010", null, "demo", "demo").status()).isEqualTo(200);
    }

    @Test
    void theRpcApiAnswersServiceUnavailableWithRetryAfter() {
        failing.tables.add("from cdn_service ");

        HttpTestClient.Reply reply = client.signedGet(client.keyOf(1010), "DescribeCdnService", Map.of());

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Retry-After")).isEqualTo("10");
        assertThat(reply.json()).containsEntry("Code", "ServiceUnavailable")
                .containsEntry("Message", "The request has failed due to a temporary failure of the server.");
    }

    /** The application's DataSource, whose connections fail every statement naming one of {@link #tables}. */
    @TestConfiguration(proxyBeanMethods = false)
    static class FailingTables {

        final Set<String> tables = new CopyOnWriteArraySet<>();

        @Bean
        static BeanPostProcessor failingDataSource(ObjectProvider<FailingTables> self) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)) {
                        return new DelegatingDataSource(dataSource) {
                            @Override
                            public Connection getConnection() throws SQLException {
                                return failing(super.getConnection(), self.getObject().tables);
                            }
                        };
                    }
                    return bean;
                }
            };
        }

        private static Connection failing(Connection connection, Set<String> tables) {
            InvocationHandler handler = (proxy, method, args) -> {
                if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql
                        && tables.stream().anyMatch(sql::contains)) {
                    throw new SQLTransientConnectionException("Connection is not available (test: " + sql + ")");
                }
                try {
                    return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, handler);
        }
    }
}
