package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.InternetChargeType;
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
import org.springframework.test.context.TestPropertySource;

/**
 * Each demo account answers OpenCdnService as the README lists, through HTTP like a caller; the accounts with
 * a service opened before the demo's first start (1010, 1013 to 1015) have it, their balance as the ledger's
 * opening entry, and 1015 its seeded week of usage.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = "cdn.billing.schedule=0/15 * * * * ?")
class DemoAccountsOverHttpTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ChargeTypeHistory chargeTypes;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @ParameterizedTest(name = "{0} is refused with {2}")
    @CsvSource(delimiter = '|', textBlock = """
            1002 | 400 | NoRealNameAuthentication       | Real name authentication is needed.
            1003 | 400 | VertifyFailUserProfileComplete | MISSING USERPROFILE
            1004 | 403 | Forbidden.Intl                 | User not authorized to open Intl service.
            1005 | 403 | Forbidden.BidUser              | Bid user is limited to open service.
            1006 | 400 | VertifyFailInvalidPayMethod    | INVALID PAY METHOD
            1007 | 400 | InsufficientBalance            | Your account does not have enough balance.
            1008 | 400 | CreateOrderFailed              | Create order failed.
            1009 | 400 | QueryInfoError                 | Create order failed
            1010 | 400 | CdnService.HasOpened           | Your cdn service has opened.
            1013 | 400 | CdnService.HasOpened           | Your cdn service has opened.
            1014 | 400 | CdnService.HasOpened           | Your cdn service has opened.
            1015 | 400 | CdnService.HasOpened           | Your cdn service has opened.
            """)
    void refusedAccountGetsItsDocumentedErrorAndNothingIsKept(long ownerId, int status, String code, String message) {
        HttpTestClient.Reply reply = client.openCdnService(TestAccount.demo(ownerId), "PayByTraffic");

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json;charset=utf-8");
        Map<String, Object> body = reply.json();
        assertThat(body).containsOnlyKeys("RequestId", "HostId", "Code", "Message", "Recommend")
                .containsEntry("Code", code)
                .containsEntry("Message", message)
                .containsEntry("RequestId", reply.header("x-acs-request-id"));
        List<?> orders = (List<?>) account(ownerId).get("orders");
        assertThat(orders).hasSize(ownerId >= 1010 ? 1 : 0);
    }

    @ParameterizedTest(name = "{0}: {1} since {2} days, opening balance {3}")
    @CsvSource(delimiter = '|', textBlock = """
            1010 | PayByTraffic   | 3 |  100.00
            1013 | PayByBandwidth | 3 |  500.00
            1014 | PayByTraffic   | 3 |    1.00
            1015 | PayByTraffic   | 7 | 1000.00
            """)
    void accountsOpenedBeforeTheFirstStartHaveTheirServiceChargeTypeAndOpeningBalance(long ownerId, String chargeType,
            int daysBefore, String openingBalance) {
        Map<String, Object> account = account(ownerId);
        @SuppressWarnings("unchecked")
        Map<String, Object> service = (Map<String, Object>) account.get("cdnService");
        assertThat(service).containsEntry("status", "OPENED").containsEntry("internetChargeType", chargeType)
                .containsEntry("instanceId", "cdn-" + ownerId);
        Instant opened = Instant.parse((String) service.get("openingTime"));
        assertThat(opened).as("at the start of a UTC hour").isEqualTo(opened.truncatedTo(ChronoUnit.HOURS));
        // the first start is when this test's application started, at most an hour after that hour began
        assertThat(Duration.between(opened, Instant.now()))
                .isBetween(Duration.ofDays(daysBefore), Duration.ofDays(daysBefore).plusHours(1).plusMinutes(30));

        var described = client.signedGet(TestAccount.demo(ownerId), "DescribeCdnService", Map.of());
        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json()).containsEntry("InternetChargeType", chargeType)
                .containsEntry("OpeningTime", opened.toString());
        assertThat(chargeTypes.timeline(ownerId).orElseThrow().starts())
                .containsExactlyEntriesOf(new TreeMap<>(Map.of(opened, InternetChargeType.valueOf(chargeType))));

        List<Map<String, Object>> ledger = ledger(ownerId);
        assertThat(ledger.get(0)).containsEntry("kind", "OPENING_BALANCE").containsEntry("reference", "opening-balance");
        assertThat(new BigDecimal(ledger.get(0).get("amount").toString())).isEqualByComparingTo(openingBalance);
        // 1015's bills may be being deducted (a run between the two reads): the balance is the latest entry's
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> entries = ledger(ownerId);
            return new BigDecimal(account(ownerId).get("balance").toString()).compareTo(
                    new BigDecimal(entries.get(entries.size() - 1).get("balanceAfter").toString())) == 0;
        });
        if (ownerId != 1015) {
            assertThat(ledger).hasSize(1);
            assertThat(jdbc.queryForObject("select count(*) from usage_sample where owner_id = ?", Long.class, ownerId))
                    .as("usage of %d (tests and callers post theirs)", ownerId).isZero();
        }
    }

    /**
     * 1015's seeded week: for each of CN and EU, a sample for every 5-minute interval of the 168 UTC hours from
     * the opening (2,016 each), varying through the day; every hour marked unbilled for the billing runs (or
     * billed already: a run removes the mark in the transaction that stores the bill).
     */
    @Test
    void account1015HasAWeekOfUsageInCnAndEuForTheFirstBillingRun() {
        Instant opened = Instant.parse((String) ((Map<?, ?>) account(1015).get("cdnService")).get("openingTime"));
        Instant end = opened.plus(Duration.ofDays(7));

        for (String region : List.of("CN", "EU")) {
            List<Instant> starts = jdbc.queryForList("select start_at from usage_sample where owner_id = 1015 "
                    + "and region = ? order by start_at", OffsetDateTime.class, region).stream()
                    .map(OffsetDateTime::toInstant).toList();
            assertThat(starts).as(region).hasSize(7 * 288);
            for (int i = 0; i < starts.size(); i++) {
                assertThat(starts.get(i)).isEqualTo(opened.plus(Duration.ofMinutes(5L * i)));
            }
            Map<String, Object> stats = jdbc.queryForMap("select count(distinct bytes) as distinct_bytes, "
                    + "min(bytes) as min_bytes, max(bytes) as max_bytes, sum(bytes) as total, "
                    + "min(peak_bps * 300 - bytes * 8) as peak_minus_average from usage_sample "
                    + "where owner_id = 1015 and region = ?", region);
            assertThat(((Number) stats.get("distinct_bytes")).longValue()).as(region).isGreaterThan(1900);
            assertThat(((Number) stats.get("min_bytes")).longValue()).as(region).isPositive();
            assertThat(((Number) stats.get("max_bytes")).longValue())
                    .isGreaterThan(3 * ((Number) stats.get("min_bytes")).longValue());
            assertThat(((Number) stats.get("peak_minus_average")).longValue()).as("peakBps above the average rate")
                    .isPositive();
            double gigabytes = ((Number) stats.get("total")).doubleValue() / (1L << 30);
            assertThat(gigabytes).as(region + " GB in the week").isBetween(region.equals("CN") ? 3500.0 : 850.0,
                    region.equals("CN") ? 4500.0 : 1150.0);
        }
        assertThat(jdbc.queryForObject("select count(*) from usage_sample where owner_id = 1015 and region not in "
                + "('CN', 'EU')", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select max(start_at) from usage_sample where owner_id = 1015",
                OffsetDateTime.class).toInstant()).isEqualTo(end.minus(Duration.ofMinutes(5)));

        List<OffsetDateTime> marked = jdbc.queryForList("select hour_start from unbilled_usage where owner_id = 1015 "
                + "and changes = 1 union select period_start from bill where owner_id = 1015 "
                + "and bill_type = 'hour_flow' and supplement = 0", OffsetDateTime.class);
        assertThat(marked.stream().map(OffsetDateTime::toInstant).sorted().toList()).isEqualTo(
                java.util.stream.IntStream.range(0, 168).mapToObj(h -> opened.plus(Duration.ofHours(h))).toList());
    }

    /**
     * The demo bills as it starts (a run every 15 s, no usage delay): 1015's week appears in
     * DescribeCdnUserBillHistory, one hour_flow item per hour with each region's bytes, and its balance is 1000.00
     * less each hour's bill, recomputed here from the samples and the list prices (CN 0.04, EU 0.07 USD per GB).
     */
    @Test
    @SuppressWarnings("unchecked")
    void account1015IsBilledByTheFirstRunsAndItsBillsAreInDescribeCdnUserBillHistory() {
        Instant opened = Instant.parse((String) ((Map<?, ?>) account(1015).get("cdnService")).get("openingTime"));
        Map<String, String> week = Map.of("StartTime", opened.toString(),
                "EndTime", opened.plus(Duration.ofDays(7)).toString());
        TestAccount demo1015 = TestAccount.demo(1015);

        List<Map<String, Object>> items = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    var reply = client.signedGet(demo1015, "DescribeCdnUserBillHistory", week);
                    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
                    return (List<Map<String, Object>>) ((Map<String, Object>) reply.field("BillHistoryData"))
                            .get("BillHistoryDataItem");
                }, billed -> billed.size() == 168);

        Map<String, Long> bytesByHourAndRegion = new TreeMap<>();
        jdbc.query("select start_at, region, bytes from usage_sample where owner_id = 1015", rs -> {
            Instant hour = rs.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(ChronoUnit.HOURS);
            bytesByHourAndRegion.merge(hour + " " + rs.getString(2), rs.getLong(3), Long::sum);
        });
        BigDecimal billed = BigDecimal.ZERO;
        BigDecimal gb = BigDecimal.valueOf(1L << 30);
        for (Map<String, Object> item : items) {
            assertThat(item).containsEntry("BillType", "hour_flow").containsEntry("Dimension", "flow");
            String hour = (String) item.get("BillTime");
            List<Map<String, Object>> lines = (List<Map<String, Object>>) ((Map<String, Object>) item
                    .get("BillingData")).get("BillingDataItem");
            BigDecimal amount = BigDecimal.ZERO;
            for (Map<String, Object> line : lines) {
                String region = (String) line.get("CdnRegion");
                long bytes = bytesByHourAndRegion.get(hour + " " + region);
                assertThat(((Number) line.get("Flow")).longValue()).as(hour + " " + region).isEqualTo(bytes);
                amount = amount.add(new BigDecimal(bytes).divide(gb, 20, java.math.RoundingMode.HALF_UP)
                        .multiply(new BigDecimal(region.equals("CN") ? "0.04" : "0.07")));
            }
            assertThat(lines).extracting(line -> line.get("CdnRegion")).containsExactlyInAnyOrder("CN", "EU");
            billed = billed.add(amount.setScale(2, java.math.RoundingMode.HALF_UP));
        }
        assertThat(new BigDecimal(account(1015).get("balance").toString()))
                .isEqualByComparingTo(new BigDecimal("1000.00").subtract(billed));
    }

    @Test
    void account1001ActivatesOnceAndThenHasOpened() {
        HttpTestClient.Reply first = client.openCdnService(TestAccount.demo(1001), "PayByTraffic");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json()).containsOnlyKeys("RequestId");
        assertThat((String) first.field("RequestId")).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}");
        await().atMost(Duration.ofSeconds(30)).until(() -> orderStatus(1001).equals("ACTIVATED"));
        assertThat(account(1001).get("cdnService")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("status", "OPENED").containsEntry("internetChargeType", "PayByTraffic");

        HttpTestClient.Reply second = client.openCdnService(TestAccount.demo(1001), "PayByTraffic");
        assertThat(second.status()).isEqualTo(400);
        assertThat(second.field("Code")).isEqualTo("CdnService.HasOpened");
    }

    @Test
    void account1011GetsStuckAfterThreeTriesAndOneRetryFinishesIt() {
        assertThat(client.openCdnService(TestAccount.demo(1011), "PayByTraffic").status()).isEqualTo(200);

        Map<String, Object> incident = awaitIncident("1011");
        assertThat((String) incident.get("incidentMessage"))
                .startsWith("Order ").contains("of account 1011")
                .contains("Activate CDN service").contains("provisioning backend");
        assertThat(orderStatus(1011)).isEqualTo("ACCEPTED");

        String jobId = (String) incident.get("configuration");
        HttpTestClient.Reply retry = client.admin("PUT", "/engine-rest/job/" + jobId + "/retries",
                "{\"retries\":1}", "demo", "demo");
        assertThat(retry.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).until(() -> orderStatus(1011).equals("ACTIVATED"));
    }

    @Test
    void account1012IsAcceptedButProvisioningAlwaysFails() {
        assertThat(client.openCdnService(TestAccount.demo(1012), "PayByTraffic").status()).isEqualTo(200);

        Map<String, Object> incident = awaitIncident("1012");
        assertThat((String) incident.get("incidentMessage")).contains("of account 1012");
        assertThat(orderStatus(1012)).isEqualTo("ACCEPTED");
        assertThat(account(1012).get("cdnService")).isNull();
    }

    private Map<String, Object> awaitIncident(String businessKey) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> incidentOf(businessKey), i -> i != null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> incidentOf(String businessKey) {
        HttpTestClient.Reply instances = client.admin("GET",
                "/engine-rest/process-instance?businessKey=" + businessKey, null, "demo", "demo");
        List<Map<String, Object>> list = (List<Map<String, Object>>) (List<?>) parseList(instances);
        if (list.isEmpty()) {
            return null;
        }
        HttpTestClient.Reply incidents = client.admin("GET",
                "/engine-rest/incident?processInstanceId=" + list.get(0).get("id"), null, "demo", "demo");
        List<Map<String, Object>> found = (List<Map<String, Object>>) (List<?>) parseList(incidents);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<?> parseList(HttpTestClient.Reply reply) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readValue(reply.raw().body(), List.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(reply.status() + " " + reply.raw().headers().map() + " " + reply.raw().body(), e);
        }
    }

    /** The account's whole ledger, every page of it. */
    private List<Map<String, Object>> ledger(long ownerId) {
        return new PagedLists(client, null).all("/admin/accounts/" + ownerId + "/ledger");
    }

    private Map<String, Object> account(long ownerId) {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo");
        assertThat(reply.status()).isEqualTo(200);
        return reply.json();
    }

    @SuppressWarnings("unchecked")
    private String orderStatus(long ownerId) {
        List<Map<String, Object>> orders = (List<Map<String, Object>>) account(ownerId).get("orders");
        return orders.isEmpty() ? "NONE" : (String) orders.get(orders.size() - 1).get("status");
    }
}
