package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The month-to-date of traffic billing as a caller sees it (docs/billing.md, "Rating rules" and "Supplements"):
 * late usage of an hour re-tiers the billed hours after it in the same run, exactly once; a bill's total is its
 * ratedAmount (the sum of its rounded lines) rounded to cents; days billed by bandwidth do not count toward the
 * month-to-date. Usage posted through {@code POST /admin/usage}, runs started as an operator starts them, bills read
 * through {@code GET /admin/accounts/{ownerId}/bills}; the amounts are worked out here by hand.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@TestPropertySource(properties = {"cdn.billing.usage-delay=PT1H", "cdn.billing.schedule=0 0 0 1 1 ?"})
class MonthToDateOverHttpTest {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GB = 1L << 30;

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    /**
     * The example (CN, 0.04 below 50 TB = 51,200 GB, 0.03 above): 50,000 GB, then hours of 100 GB and
     * 1,000 GB billed, then 1,100 GB more arrive for the 100 GB hour. The month comes to Alibaba's 2,078.00: the
     * late hour's supplement charges 44.00, the hour after it, re-tiered in the same run, is credited 10.00.
     */
    @Test
    void lateUsageOfAnHourReTiersTheBilledHoursAfterItInTheSameRunExactlyOnce() throws Exception {
        Opened account = open("PayByTraffic", "5000.00");
        Instant h1 = account.firstFullHour();
        while (!monthStart(h1).equals(monthStart(h1.plus(2, ChronoUnit.HOURS)))) {
            h1 = h1.plus(1, ChronoUnit.HOURS);
        }
        Instant h2 = h1.plus(1, ChronoUnit.HOURS);
        Instant h3 = h2.plus(1, ChronoUnit.HOURS);
        Instant end = h3.plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), end.plus(61, ChronoUnit.MINUTES)));
        post(sample(account.ownerId, h1, 50_000 * GB), sample(account.ownerId, h2, 100 * GB),
                sample(account.ownerId, h3, 1_000 * GB));
        run();
        List<Map<String, Object>> bills = bills(account.ownerId, h1, end);
        assertThat(bills).extracting(bill -> bill.get("total")).containsExactly("2000.00", "4.00", "40.00");

        // 1,100 GB more for the 100 GB hour: it now ends at 51,200 GB, so all of the last 1,000 GB is at tier 2
        post(sample(account.ownerId, h2.plus(5, ChronoUnit.MINUTES), 1_100 * GB));
        run();
        bills = bills(account.ownerId, h1, end);
        assertThat(bills).hasSize(5);
        assertSupplement(bills.get(3), h2, "48.00000000", "4.00", "44.00");
        assertSupplement(bills.get(4), h3, "30.00000000", "40.00", "-10.00");
        assertThat(tiers(bills.get(4))).singleElement().satisfies(tier -> {
            assertThat(tier.get("tier")).isEqualTo(2);
            assertThat(new BigDecimal((String) tier.get("quantity"))).isEqualByComparingTo("1000");
        });
        assertThat(entryAmount(bills.get(4))).isEqualByComparingTo("10.00");
        assertThat(monthTotal(bills)).isEqualByComparingTo("2078.00");
        assertThat(balance(account.ownerId)).isEqualByComparingTo("2922.00");

        // exactly once: a run with nothing new bills nothing, and a late sample that changes no rating (0 bytes)
        // re-rates the hour and the hour after it, and writes no bill
        run();
        post(sample(account.ownerId, h2.plus(10, ChronoUnit.MINUTES), 0));
        run();
        assertThat(bills(account.ownerId, h1, end)).hasSize(5);
        assertThat(balance(account.ownerId)).isEqualByComparingTo("2922.00");
    }

    /**
     * The example's supplement (+44.00) and credit (-10.00) change the balance once: an account 5.00 in debt stays
     * in the same debt at -39.00. Posting the credit first on its own took the balance to +5.00, which settled the
     * debt (a suspended account was resumed while still in debt) and the charge after it opened a new one with a
     * fresh grace period.
     */
    @Test
    void aReTieredChargeAndCreditOfOneRunChangeTheBalanceOnceAndKeepTheDebt() throws Exception {
        Opened account = open("PayByTraffic", "2039.00");
        Instant h1 = account.firstFullHour();
        while (!monthStart(h1).equals(monthStart(h1.plus(2, ChronoUnit.HOURS)))) {
            h1 = h1.plus(1, ChronoUnit.HOURS);
        }
        Instant h2 = h1.plus(1, ChronoUnit.HOURS);
        Instant h3 = h2.plus(1, ChronoUnit.HOURS);
        Instant end = h3.plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), end.plus(61, ChronoUnit.MINUTES)));
        post(sample(account.ownerId, h1, 50_000 * GB), sample(account.ownerId, h2, 100 * GB),
                sample(account.ownerId, h3, 1_000 * GB));
        run();
        assertThat(balance(account.ownerId)).isEqualByComparingTo("-5.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> debt(account.ownerId) != null);
        Map<?, ?> debt = debt(account.ownerId);

        post(sample(account.ownerId, h2.plus(5, ChronoUnit.MINUTES), 1_100 * GB));
        run();
        assertThat(balance(account.ownerId)).isEqualByComparingTo("-39.00");
        Map<?, ?> after = debt(account.ownerId);
        assertThat(after.get("debtId")).isEqualTo(debt.get("debtId"));
        assertThat(after.get("startedAt")).isEqualTo(debt.get("startedAt"));
        assertThat(after.get("state")).isIn("IN_GRACE", "OVERDUE");
        assertThat(after.get("settledAt")).isNull();
    }

    /**
     * Re-tiering stays within the account and its Beijing month: the late hour's month ends at the next Beijing
     * midnight of the 1st, so the hour after that midnight (tier 1 of a new month) keeps its bill, and another account
     * of the same partition with the same hours gets no bill.
     */
    @Test
    void reTieringStopsAtTheEndOfTheBeijingMonthAndAtTheAccount() throws Exception {
        Opened account = open("PayByTraffic", "5000.00");
        Opened other = open("PayByTraffic", "5000.00");
        Instant nextMonth = BillType.beijingMonthStart(clock.instant().plus(32, ChronoUnit.DAYS));
        if (!nextMonth.minus(2, ChronoUnit.HOURS).isAfter(other.firstFullHour())) {
            nextMonth = BillType.beijingMonthStart(nextMonth.plus(32, ChronoUnit.DAYS));
        }
        Instant last = nextMonth.minus(2, ChronoUnit.HOURS);
        Instant lastButOne = nextMonth.minus(1, ChronoUnit.HOURS);
        Instant end = nextMonth.plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), end.plus(61, ChronoUnit.MINUTES)));
        for (Opened owner : List.of(account, other)) {
            post(sample(owner.ownerId, last, 50_000 * GB), sample(owner.ownerId, lastButOne, 1_000 * GB),
                    sample(owner.ownerId, nextMonth, 1_000 * GB));
        }
        run();
        assertThat(bills(account.ownerId, last, end)).extracting(bill -> bill.get("total"))
                .containsExactly("2000.00", "40.00", "40.00");

        post(sample(account.ownerId, last.plus(5, ChronoUnit.MINUTES), 1_200 * GB));
        run();
        List<Map<String, Object>> bills = bills(account.ownerId, last, end);
        assertThat(bills).hasSize(5);
        assertSupplement(bills.get(3), last, "2048.00000000", "2000.00", "48.00");
        assertSupplement(bills.get(4), lastButOne, "30.00000000", "40.00", "-10.00");
        assertThat(bills(account.ownerId, nextMonth, end)).singleElement()
                .satisfies(bill -> assertThat(bill.get("supplement")).isEqualTo(0));
        assertThat(bills(other.ownerId, last, end)).hasSize(3);
    }

    /**
     * 134,217,727 bytes (one byte less than 1/8 GB) in CN: 0.0049999999627... USD, a line and a ratedAmount of
     * 0.00500000, which a customer rounds to 0.01; so does the bill.
     */
    @Test
    void aBillsTotalIsItsRatedAmountRoundedToCents() throws Exception {
        Opened account = open("PayByTraffic", "1.00");
        Instant hour = account.firstFullHour();
        clock.shift(Duration.between(clock.instant(), hour.plus(121, ChronoUnit.MINUTES)));
        post(sample(account.ownerId, hour, 134_217_727));
        run();
        List<Map<String, Object>> bills = bills(account.ownerId, hour, hour.plus(1, ChronoUnit.HOURS));
        assertThat(bills).singleElement().satisfies(bill -> {
            assertThat(lines(bill)).singleElement().satisfies(line -> assertThat(line.get("amount"))
                    .isEqualTo("0.00500000"));
            assertThat(bill.get("ratedAmount")).isEqualTo("0.00500000");
            assertThat(bill.get("total")).isEqualTo("0.01");
            assertThat(entryAmount(bill)).isEqualByComparingTo("-0.01");
        });
        assertThat(balance(account.ownerId)).isEqualByComparingTo("0.99");
    }

    /**
     * Traffic of days billed by bandwidth was paid for by the day's peak: it is not in the month-to-date of the
     * hours billed by traffic after a switch back. A day of 60,000 GB billed by bandwidth leaves an hour of 1,000 GB
     * after it at tier 1 (40.00), not tier 2 (30.00).
     */
    @Test
    void daysBilledByBandwidthDoNotCountTowardTheMonthToDateAfterASwitchBackToTraffic() throws Exception {
        Opened account = open("PayByTraffic", "10000.00");
        clock.moveForwardTo(LocalTime.NOON, BEIJING);
        while (clock.instant().atZone(BEIJING).getDayOfMonth() > 26) {
            clock.shift(Duration.ofDays(1));
        }
        Instant day1 = BillType.beijingDayStart(clock.instant());
        Instant day2 = day1.plus(1, ChronoUnit.DAYS);
        Instant day3 = day2.plus(1, ChronoUnit.DAYS);
        assertThat(client.signedGetAt(clock, account.key, "ModifyCdnService",
                Map.of("InternetChargeType", "PayByBandwidth")).status()).isEqualTo(200);
        clock.shift(Duration.ofDays(1));
        assertThat(client.signedGetAt(clock, account.key, "ModifyCdnService",
                Map.of("InternetChargeType", "PayByTraffic")).status()).isEqualTo(200);
        Instant trafficHour = day1.plus(13, ChronoUnit.HOURS);
        Instant bandwidthHour = day2.plus(13, ChronoUnit.HOURS);
        Instant hourAfter = day3.plus(12, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), hourAfter.plus(121, ChronoUnit.MINUTES)));
        post(sample(account.ownerId, trafficHour, GB), sample(account.ownerId, bandwidthHour, 60_000 * GB, 8_000_000),
                sample(account.ownerId, hourAfter, 1_000 * GB));
        run();

        List<Map<String, Object>> bills = bills(account.ownerId, day1, day3.plus(1, ChronoUnit.DAYS));
        assertThat(bills).extracting(bill -> bill.get("billType") + " " + bill.get("periodStart"))
                .containsExactlyInAnyOrder("hour_flow " + trafficHour, "day_bandwidth " + day2,
                        "hour_flow " + hourAfter);
        assertThat(billOf(bills, day2).get("total")).isEqualTo("0.67"); // 8 Mbps at 0.084
        Map<String, Object> after = billOf(bills, hourAfter);
        assertThat(after.get("total")).isEqualTo("40.00");
        assertThat(tiers(after)).singleElement().satisfies(tier -> assertThat(tier.get("tier")).isEqualTo(1));
    }

    // --- the caller's side ---

    private record Opened(long ownerId, TestAccount key, Instant openedAt) {
        Instant firstFullHour() {
            return openedAt.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        }
    }

    private Opened open(String chargeType, String balance) {
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":%s}""".formatted(balance));
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", chargeType))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        return new Opened(account.ownerId(), account, services.findByOwnerId(account.ownerId()).orElseThrow().openedAt());
    }

    private static String sample(long ownerId, Instant start, long bytes) {
        return sample(ownerId, start, bytes, 1);
    }

    private static String sample(long ownerId, Instant start, long bytes, long peakBps) {
        return "{\"ownerId\":" + ownerId + ",\"region\":\"CN\",\"start\":\"" + start + "\",\"bytes\":" + bytes
                + ",\"peakBps\":" + peakBps + "}";
    }

    private void post(String... samples) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/usage",
                "{\"samples\":[" + String.join(",", samples) + "]}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    private void run() {
        BillingRuns.run(client);
    }

    private List<Map<String, Object>> bills(long ownerId, Instant from, Instant to) {
        return new PagedLists(client, "bills").all("/admin/accounts/" + ownerId + "/bills?from=" + from + "&to=" + to);
    }

    private BigDecimal balance(long ownerId) throws Exception {
        return new BigDecimal(JSON.readValue(client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo")
                .raw().body(), Map.class).get("balance").toString());
    }

    private Map<?, ?> debt(long ownerId) throws Exception {
        return (Map<?, ?>) JSON.readValue(client.admin("GET", "/admin/accounts/" + ownerId, null, "demo", "demo")
                .raw().body(), Map.class).get("debt");
    }

    private static void assertSupplement(Map<String, Object> bill, Instant start, String ratedAmount,
            String previouslyBilled, String total) {
        assertThat(bill.get("periodStart")).isEqualTo(start.toString());
        assertThat(bill.get("supplement")).isEqualTo(1);
        assertThat(bill.get("ratedAmount")).isEqualTo(ratedAmount);
        assertThat(bill.get("previouslyBilled")).isEqualTo(previouslyBilled);
        assertThat(bill.get("total")).isEqualTo(total);
    }

    private static Map<String, Object> billOf(List<Map<String, Object>> bills, Instant start) {
        return bills.stream().filter(bill -> start.toString().equals(bill.get("periodStart"))).findFirst()
                .orElseThrow(() -> new AssertionError("no bill of " + start + " in " + bills));
    }

    private static BigDecimal monthTotal(List<Map<String, Object>> bills) {
        return bills.stream().map(bill -> new BigDecimal((String) bill.get("total"))).reduce(BigDecimal.ZERO,
                BigDecimal::add);
    }

    @SuppressWarnings("unchecked")
    private static BigDecimal entryAmount(Map<String, Object> bill) {
        return new BigDecimal((String) ((Map<String, Object>) bill.get("ledgerEntry")).get("amount"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lines(Map<String, Object> bill) {
        return (List<Map<String, Object>>) bill.get("lines");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> tiers(Map<String, Object> bill) {
        return (List<Map<String, Object>>) lines(bill).get(0).get("tiers");
    }

    private static Instant monthStart(Instant instant) {
        return instant.atZone(BEIJING).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
    }
}
