package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PostgresTestDatabases;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The real PostgreSQL server stops taking the service's connections mid-traffic ({@code ALTER DATABASE ...
 * ALLOW_CONNECTIONS false}, and {@code pg_terminate_backend} for every connection the service has): every API
 * answers 503 with {@code Retry-After} in its own dialect (the RPC API, the admin API including its login, the
 * engine REST API including its login, the health endpoint DOWN), never 500 or 401; when the database takes
 * connections again, everything works without a restart and nothing answered as accepted is lost.
 */
@DemoApplicationTest
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
@TestPropertySource(properties = {"cdn.gateway.calls-per-second.OpenCdnService=100000",
        "cdn.gateway.calls-per-second.DescribeCdnService=100000", "cdn.http.retry-after=7s"})
class DatabaseOutageInEveryApiTest {

    private static final long[] OPENED = {1010, 1013, 1014, 1015};

    @LocalServerPort
    int port;

    @Value("${spring.datasource.url}")
    String url;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void everyApiAnswersServiceUnavailableWhileTheDatabaseIsGoneAndAllWorksAgainAfter() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        String database = url.substring(url.lastIndexOf('/') + 1);
        List<List<TestAccount>> toOpen = new ArrayList<>();
        for (int caller = 0; caller < OPENED.length; caller++) {
            List<TestAccount> accounts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                accounts.add(Accounts.createEligibleAccount(client));
            }
            toOpen.add(accounts);
        }
        Traffic traffic = new Traffic(client);
        ExecutorService callers = Executors.newFixedThreadPool(OPENED.length);
        List<Future<?>> running = new ArrayList<>();
        for (int caller = 0; caller < OPENED.length; caller++) {
            long ownerId = OPENED[caller];
            List<TestAccount> accounts = toOpen.get(caller);
            running.add(callers.submit(() -> traffic.run(ownerId, accounts)));
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acceptedTopUps.size() >= 8);

            cutConnections(database);

            HttpTestClient.Reply rpc = client.signedGet(client.keyOf(1010), "DescribeCdnService", Map.of());
            assertRpcUnavailable(rpc);
            // the admin API's login checks the password in Camunda's identity service, in the database
            HttpTestClient.Reply admin = client.admin("GET", "/admin/accounts/1010", null, "demo", "demo");
            assertAdminUnavailable(admin);
            HttpTestClient.Reply engine = client.send("GET", "/engine-rest/process-definition/count", null,
                    "Authorization", "Basic ZGVtbzpkZW1v");
            assertEngineUnavailable(engine);
            HttpTestClient.Reply health = client.send("GET", "/actuator/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json()).containsEntry("status", "DOWN");
            assertThat(client.send("GET", "/actuator/health/liveness", null).status()).isEqualTo(200);
            await().atMost(Duration.ofMinutes(1)).until(() -> traffic.unavailable.get() >= OPENED.length);

            restoreConnections(database);

            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).until(() ->
                    client.signedGet(client.keyOf(1010), "DescribeCdnService", Map.of()).status() == 200
                            && client.admin("GET", "/admin/accounts/1010", null, "demo", "demo").status() == 200
                            && client.send("GET", "/engine-rest/process-definition/count", null,
                                    "Authorization", "Basic ZGVtbzpkZW1v").status() == 200
                            && client.send("GET", "/actuator/health", null).status() == 200);
            int acceptedBefore = traffic.acceptedTopUps.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.acceptedTopUps.size() >= acceptedBefore + 8);
        } finally {
            traffic.stop.set(true);
            restoreConnections(database);
            for (Future<?> caller : running) {
                caller.get(2, TimeUnit.MINUTES);
            }
            callers.shutdownNow();
        }

        assertThat(traffic.violations).isEmpty();
        for (TopUp topUp : traffic.acceptedTopUps) {
            assertThat(jdbc.queryForObject("select count(*) from ledger_entry where owner_id = ? and reference = ?",
                    Integer.class, topUp.ownerId(), topUp.reference())).as(topUp.reference()).isEqualTo(1);
        }
        // every accepted order is activated after all: its asynchronous job ran once the database was back
        assertThat(traffic.acceptedOrders).isNotEmpty();
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            for (long ownerId : traffic.acceptedOrders) {
                assertThat(jdbc.queryForObject("select count(*) from cdn_order where owner_id = ? "
                        + "and status = 'ACTIVATED'", Integer.class, ownerId)).as("order of " + ownerId).isEqualTo(1);
            }
        });
        TestAccount after = Accounts.createEligibleAccount(client);
        assertThat(client.openCdnService(after, "PayByTraffic").status()).isEqualTo(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.queryForObject("select count(*) from cdn_order "
                + "where owner_id = ? and status = 'ACTIVATED'", Integer.class, after.ownerId()) == 1);
    }

    private record TopUp(long ownerId, String reference) {
    }

    /** Callers that keep topping up, describing and ordering; every answer is a success or a proper 503. */
    private static final class Traffic {

        final HttpTestClient client;
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger unavailable = new AtomicInteger();
        final Queue<TopUp> acceptedTopUps = new ConcurrentLinkedQueue<>();
        final Queue<Long> acceptedOrders = new ConcurrentLinkedQueue<>();
        final Queue<String> violations = new ConcurrentLinkedQueue<>();

        Traffic(HttpTestClient client) {
            this.client = client;
        }

        void run(long ownerId, List<TestAccount> toOpen) {
            TestAccount key = client.keyOf(ownerId);
            int next = 0;
            while (!stop.get()) {
                String reference = "outage-" + UUID.randomUUID();
                HttpTestClient.Reply topUp = client.admin("POST", "/admin/accounts/" + ownerId + "/top-ups",
                        "{\"amount\":1.00,\"reference\":\"" + reference + "\"}", "demo", "demo");
                if (topUp.status() == 201) {
                    acceptedTopUps.add(new TopUp(ownerId, reference));
                } else {
                    check(topUp, "top-up", () -> assertAdminUnavailable(topUp));
                }
                HttpTestClient.Reply describe = client.signedGet(key, "DescribeCdnService", Map.of());
                if (describe.status() != 200) {
                    check(describe, "DescribeCdnService", () -> assertRpcUnavailable(describe));
                }
                if (next < toOpen.size()) {
                    TestAccount account = toOpen.get(next);
                    HttpTestClient.Reply open = client.openCdnService(account, "PayByTraffic");
                    if (open.status() == 200) {
                        acceptedOrders.add(account.ownerId());
                        next++;
                    } else if (open.status() == 400 && "CdnService.HasOpened".equals(open.field("Code"))) {
                        // an earlier try was committed before its answer was lost; it counts as accepted
                        acceptedOrders.add(account.ownerId());
                        next++;
                    } else {
                        check(open, "OpenCdnService", () -> assertRpcUnavailable(open));
                    }
                }
            }
        }

        private void check(HttpTestClient.Reply reply, String call, Runnable assertion) {
            try {
                assertion.run();
                unavailable.incrementAndGet();
            } catch (AssertionError e) {
                violations.add(call + " answered " + reply.status() + " " + reply.raw().headers().map() + " "
                        + reply.raw().body());
            }
        }
    }

    private static void assertRpcUnavailable(HttpTestClient.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertThat(reply.json()).containsOnlyKeys("RequestId", "HostId", "Code", "Message", "Recommend")
                .containsEntry("Code", "ServiceUnavailable")
                .containsEntry("Message", "The request has failed due to a temporary failure of the server.");
    }

    private static void assertAdminUnavailable(HttpTestClient.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertThat(reply.json()).containsEntry("status", 503).containsEntry("title", "Service Unavailable")
                .containsEntry("detail", "The database is unavailable; try again later");
    }

    private static void assertEngineUnavailable(HttpTestClient.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(503);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.header("Retry-After")).isEqualTo("7");
        assertThat(reply.json()).containsEntry("type", "ServiceUnavailableException")
                .containsEntry("message", "The database is unavailable; try again later");
    }

    /** No new connections to the service's database, and the ones it has are ended. */
    private static void cutConnections(String database) throws SQLException {
        try (Connection admin = serverConnection(); Statement sql = admin.createStatement()) {
            sql.execute("alter database " + database + " allow_connections false");
            sql.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database + "'");
        }
    }

    private static void restoreConnections(String database) throws SQLException {
        try (Connection admin = serverConnection(); Statement sql = admin.createStatement()) {
            sql.execute("alter database " + database + " allow_connections true");
        }
    }

    private static Connection serverConnection() throws SQLException {
        return DriverManager.getConnection(PostgresTestDatabases.server() + "postgres",
                System.getProperty("cdn.test.postgres.user", "postgres"), "");
    }
}
