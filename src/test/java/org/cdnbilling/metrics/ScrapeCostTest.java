package org.cdnbilling.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Scrapes cost the database nothing but their login: 50 scrapes at once, while the API is called, send no counting
 * query from a web thread (the gauges read the snapshot GaugeSnapshot keeps; on today's main each scrape ran the
 * seven gauges' queries, the low-balance one over all recent bills). Every statement the application prepares is
 * recorded with the thread that prepared it. The API's latency with and without the scrapes is printed, not
 * asserted (docs/testing.md: no timed assertions).
 */
@DemoApplicationTest
@Import(ScrapeCostTest.RecordedStatements.class)
class ScrapeCostTest {

    /** The SQL of every statement prepared on a web server thread. */
    static final List<String> WEB_THREAD_SQL = Collections.synchronizedList(new ArrayList<>());

    @TestConfiguration
    static class RecordedStatements {

        @Bean
        static BeanPostProcessor recordStatements() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && name.equals("dataSource")
                            ? recording(dataSource) : bean;
                }
            };
        }

        private static DataSource recording(DataSource target) {
            InvocationHandler dataSource = (proxy, method, args) -> {
                Object result = invoke(method, target, args);
                return result instanceof Connection connection ? recording(connection) : result;
            };
            return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] {DataSource.class}, dataSource);
        }

        private static Connection recording(Connection target) {
            InvocationHandler connection = (proxy, method, args) -> {
                if ((method.getName().equals("prepareStatement") || method.getName().equals("prepareCall"))
                        && Thread.currentThread().getName().contains("-exec-")) {
                    WEB_THREAD_SQL.add(String.valueOf(args[0]));
                }
                return invoke(method, target, args);
            };
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, connection);
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    List<ClusterGauge> gauges;

    @Test
    void fiftyParallelScrapesRunNoGaugeQueryAndTheApiAnswersMeanwhile() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> !client.admin("GET", "/actuator/prometheus", null, "demo",
                "demo").raw().body().contains("cdn_orders_stuck NaN"));
        List<Long> quiet = apiLatencies(client, 100);

        WEB_THREAD_SQL.clear();
        ExecutorService scrapers = Executors.newFixedThreadPool(50);
        List<Future<Integer>> scrapes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            scrapes.add(scrapers.submit(() -> client.admin("GET", "/actuator/prometheus", null, "demo", "demo")
                    .status()));
        }
        List<Long> busy = apiLatencies(client, 100);
        for (Future<Integer> scrape : scrapes) {
            assertThat(scrape.get()).isEqualTo(200);
        }
        scrapers.shutdown();

        List<String> counting = WEB_THREAD_SQL.stream()
                .filter(sql -> sql.toLowerCase(Locale.ROOT).contains("count(")).toList();
        assertThat(counting).as("gauge queries sent by scrapes").isEmpty();
        assertThat(gauges).hasSizeGreaterThanOrEqualTo(7);
        System.out.printf("API latency (ms, GET /admin/accounts/1001): quiet p50=%d p99=%d; during 500 scrapes, "
                + "50 at a time: p50=%d p99=%d; statements from web threads meanwhile: %d%n",
                percentile(quiet, 50), percentile(quiet, 99), percentile(busy, 50), percentile(busy, 99),
                WEB_THREAD_SQL.size());
    }

    private static List<Long> apiLatencies(HttpTestClient client, int calls) {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            assertThat(client.admin("GET", "/admin/accounts/1001", null, "demo", "demo").status()).isEqualTo(200);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        return millis;
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percent / 100));
    }
}
