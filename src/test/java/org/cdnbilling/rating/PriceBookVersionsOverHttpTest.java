package org.cdnbilling.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.Operators;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Price book versions through HTTP like an operator and the metering pipeline: version 1 is the configured price
 * book from the beginning; a version posted for a future hour prices the periods that start at or after it, and
 * never those before it, their late supplements included (an hour_flow hour by its start, a day_bandwidth day by
 * the Beijing day's start); the bills name the version that rated them; refused versions (400 naming the field,
 * 409 for a taken effectiveFrom) store nothing.
 * <p>
 * The tests of this class share one database and clock: each first moves the clock past the latest version's
 * effectiveFrom and reads the version in force from {@code GET /admin/price-books}, whatever ran before it.
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
class PriceBookVersionsOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GB = 1L << 30;
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    IdentityService identity;

    HttpTestClient client;

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    @Test
    void theConfiguredPriceBookIsVersionOneInForceFromTheBeginning() throws Exception {
        Map<String, Object> first = versions().get(0);

        assertThat(first).containsEntry("version", 1).containsEntry("effectiveFrom", "1970-01-01T00:00:00Z")
                .containsEntry("currency", "USD").containsKey("createdAt");
        assertThat(first.get("trafficTierStarts")).isEqualTo(List.of(54975581388800L, 109951162777600L,
                1125899906842624L));
        assertThat(first.get("bandwidthTierLimitsMbps")).isEqualTo(List.of(500, 5000, 20000));
        assertThat(regions(first, "traffic")).containsOnlyKeys("CN", "AP1", "AP2", "AP3", "NA", "SA", "EU", "MEAA")
                .containsEntry("CN", List.of("0.04", "0.03", "0.03", "0.02"))
                .containsEntry("AP3", List.of("0.096", "0.083", "0.070", "0.064"));
        assertThat(regions(first, "bandwidth")).hasSize(8)
                .containsEntry("CN", List.of("0.084", "0.082", "0.079", "0.075"))
                .containsEntry("EU", List.of("0.145", "0.140", "0.130", "0.120"));
    }

    @Test
    void onlyOperatorsMayReadOrAddPriceBookVersions() throws Exception {
        pastTheLatestVersion();
        String meter = "meterpricebooks";
        User user = identity.newUser(meter);
        user.setPassword("meter-password");
        identity.saveUser(user);
        identity.createMembership(meter, "cdn-metering");
        String operator = Operators.createOperator(identity);
        String body = body(clock.instant().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS), "");
        int before = versions().size();

        assertThat(client.admin("GET", "/admin/price-books", null, meter, "meter-password").status()).isEqualTo(403);
        assertThat(client.admin("POST", "/admin/price-books", body, meter, "meter-password").status()).isEqualTo(403);
        assertThat(client.admin("GET", "/admin/price-books", null, null, null).status()).isEqualTo(401);
        assertThat(client.admin("POST", "/admin/price-books", body, operator, "wrong").status()).isEqualTo(401);
        assertThat(versions()).hasSize(before);

        assertThat(client.admin("POST", "/admin/price-books", body, operator, "secret-" + operator).status())
                .isEqualTo(201);
        assertThat(versions()).hasSize(before + 1);
    }

    @Test
    void aPriceChangePricesTheHoursFromItsHourAndALateSupplementOfAnEarlierHourKeepsTheOldPrices() throws Exception {
        pastTheLatestVersion();
        Map<String, Object> old = versions().get(versions().size() - 1);
        int oldVersion = (Integer) old.get("version");
        BigDecimal oldCn = new BigDecimal(regions(old, "traffic").get("CN").get(0));
        long ownerId = open("PayByTraffic");
        Instant h1 = firstFullHour(ownerId);
        Instant h2 = h1.plus(1, ChronoUnit.HOURS);

        // the change, posted before h1 has begun, from h2 on; CN only, every other region as before
        HttpTestClient.Reply posted = post("""
                {"effectiveFrom":"%s","traffic":{"CN":["0.05","0.04","0.03","0.02"]}}""".formatted(h2));
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);
        Map<String, Object> created = posted.json();
        assertThat(created).containsEntry("version", oldVersion + 1).containsEntry("effectiveFrom", h2.toString())
                .containsEntry("currency", "USD");
        assertThat(regions(created, "traffic").get("CN")).containsExactly("0.05", "0.04", "0.03", "0.02");
        assertThat(regions(created, "traffic").get("EU")).isEqualTo(regions(old, "traffic").get("EU"));
        assertThat(regions(created, "bandwidth")).isEqualTo(regions(old, "bandwidth"));
        assertThat(created.get("trafficTierStarts")).isEqualTo(old.get("trafficTierStarts"));
        assertThat(versions()).last().isEqualTo(created);

        // both hours closed: 10 GB in each
        clock.shift(Duration.between(clock.instant(), h2.plus(2, ChronoUnit.HOURS).plusSeconds(60)));
        usage(sample(ownerId, h1, 10 * GB), sample(ownerId, h2, 10 * GB));
        BillingRuns.run(client);

        List<Map<String, Object>> bills = bills(ownerId, h1);
        assertThat(bills).extracting(bill -> bill.get("periodStart") + "/" + bill.get("supplement") + " v"
                + bill.get("priceBookVersion")).containsExactly(h1 + "/0 v" + oldVersion,
                        h2 + "/0 v" + (oldVersion + 1));
        assertThat(decimal(bills.get(0), "total")).isEqualByComparingTo(oldCn.multiply(BigDecimal.TEN));
        assertThat(unitPrice(bills.get(0))).isEqualByComparingTo(oldCn);
        assertThat(decimal(bills.get(1), "total")).isEqualByComparingTo("0.50");
        assertThat(unitPrice(bills.get(1))).isEqualByComparingTo("0.05");
        assertThat(bills.get(0)).containsEntry("currency", "USD");

        // 10 GB more for h1 arrive late: its supplement re-rates it with the prices of h1, not today's
        usage(sample(ownerId, h1.plusSeconds(300), 10 * GB));
        BillingRuns.run(client);

        bills = bills(ownerId, h1);
        assertThat(bills).hasSize(3);
        Map<String, Object> supplement = bills.get(2);
        assertThat(supplement).containsEntry("periodStart", h1.toString()).containsEntry("supplement", 1)
                .containsEntry("priceBookVersion", oldVersion);
        assertThat(decimal(supplement, "ratedAmount")).isEqualByComparingTo(oldCn.multiply(BigDecimal.valueOf(20)));
        assertThat(decimal(supplement, "total")).isEqualByComparingTo(oldCn.multiply(BigDecimal.TEN));
        assertThat(unitPrice(supplement)).isEqualByComparingTo(oldCn);
    }

    @Test
    void aBandwidthDayIsPricedWithTheVersionInForceAtTheBeijingDaysStartAChangeMidDayFromTheNextDay()
            throws Exception {
        pastTheLatestVersion();
        Map<String, Object> old = versions().get(versions().size() - 1);
        int oldVersion = (Integer) old.get("version");
        BigDecimal oldCn = new BigDecimal(regions(old, "bandwidth").get("CN").get(0));
        long ownerId = open("PayByBandwidth");
        Instant opened = openedAt(ownerId);
        // the first whole Beijing day after the opening, and 13:00 in Beijing (05:00Z) of it
        Instant day = opened.atZone(BEIJING).toLocalDate().plusDays(1).atStartOfDay(BEIJING).toInstant();
        Instant midDay = day.plus(13, ChronoUnit.HOURS);
        Instant nextDay = day.plus(1, ChronoUnit.DAYS);

        HttpTestClient.Reply posted = post("""
                {"effectiveFrom":"%s","bandwidth":{"CN":["0.1","0.09","0.08","0.07"]}}""".formatted(midDay));
        assertThat(posted.status()).as(posted.raw().body()).isEqualTo(201);

        clock.shift(Duration.between(clock.instant(), nextDay.plus(1, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS)));
        // the day's peak (200 Mbps) comes after the change: still the day's start decides
        usage(sample(ownerId, day, GB, 100_000_000), sample(ownerId, midDay.plus(1, ChronoUnit.HOURS), GB, 200_000_000),
                sample(ownerId, nextDay, GB, 100_000_000));
        BillingRuns.run(client);

        List<Map<String, Object>> bills = bills(ownerId, day);
        assertThat(bills).extracting(bill -> bill.get("billType") + " " + bill.get("periodStart") + " v"
                + bill.get("priceBookVersion")).containsExactly("day_bandwidth " + day + " v" + oldVersion,
                        "day_bandwidth " + nextDay + " v" + (oldVersion + 1));
        assertThat(decimal(bills.get(0), "total")).isEqualByComparingTo(oldCn.multiply(BigDecimal.valueOf(200)));
        assertThat(decimal(bills.get(1), "total")).isEqualByComparingTo("10.00");
    }

    @Test
    void badVersionsAreRefusedNamingTheFieldATakenEffectiveFromIsAConflictAndNothingIsStored() throws Exception {
        pastTheLatestVersion();
        Instant currentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant next = currentHour.plus(1, ChronoUnit.HOURS);
        int before = versions().size();

        refused("{\"traffic\":{\"CN\":[\"0.05\",\"0.04\",\"0.03\",\"0.02\"]}}", 400, "effectiveFrom is required");
        refused("{\"effectiveFrom\":\"tomorrow\"}", 400, "effectiveFrom must be an ISO 8601 instant");
        refused(body(next.plusSeconds(1800), ""), 400, "effectiveFrom must be on a UTC hour boundary");
        refused(body(currentHour, ""), 400, "effectiveFrom must be after the start of the current hour");
        refused(body(currentHour.minus(5, ChronoUnit.DAYS), ""), 400, "effectiveFrom must be after the start of the "
                + "current hour");
        refused(body(next, ",\"traffic\":{\"CN\":[\"0.05\",\"0.04\",\"0.03\"]}"), 400, "traffic.CN must be 4 prices");
        refused(body(next, ",\"traffic\":{\"CN\":[\"0.05\",\"-0.04\",\"0.03\",\"0.02\"]}"), 400, "traffic.CN must be");
        refused(body(next, ",\"bandwidth\":{\"EU\":[\"0.05\",\"0.000000001\",\"0.03\",\"0.02\"]}"), 400,
                "bandwidth.EU must be 4 prices, one per tier, each 0 or more with at most 8 decimals");
        refused(body(next, ",\"bandwidth\":{\"EU\":[\"0.05\",\"cheap\",\"0.03\",\"0.02\"]}"), 400, "bandwidth.EU must "
                + "be prices");
        refused(body(next, ",\"traffic\":{\"XX\":[\"0.05\",\"0.04\",\"0.03\",\"0.02\"]}"), 400, "traffic.XX is not a "
                + "region");
        refused(body(next, ",\"trafficTierStarts\":[3000,2000,1000]"), 400, "trafficTierStarts must be 3 ascending "
                + "positive");
        refused(body(next, ",\"bandwidthTierLimitsMbps\":[0,5000,20000]"), 400, "bandwidthTierLimitsMbps must be 3 "
                + "ascending positive");
        refused(body(next, ",\"bandwidthTierLimitsMbps\":[500,5000]"), 400, "bandwidthTierLimitsMbps must be 3");
        refused(body(next, ",\"priceList\":{}"), 400, "unknown field");
        // a number beyond a double (Jackson's infinite DoubleNode answered 500) and a year mistyped (or beyond
        // PostgreSQL's timestamps) are refused too
        refused(body(next, ",\"traffic\":{\"CN\":[1e400,0.04,0.03,0.02]}"), 400, "traffic.CN must be prices");
        refused(body(currentHour.plus(401, ChronoUnit.DAYS), ""), 400, "effectiveFrom must be at most 400 days");
        refused("{\"effectiveFrom\":\"+1000000-01-01T00:00:00Z\"}", 400, "effectiveFrom must be at most 400 days");
        assertThat(versions()).hasSize(before);

        Instant later = next.plus(3, ChronoUnit.HOURS);
        HttpTestClient.Reply created = post(body(later, ",\"trafficTierStarts\":[1099511627776,2199023255552,"
                + "3298534883328],\"bandwidthTierLimitsMbps\":[1000,6000,30000]"));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        assertThat(created.json().get("trafficTierStarts")).isEqualTo(List.of(1099511627776L, 2199023255552L,
                3298534883328L));
        assertThat(created.json().get("bandwidthTierLimitsMbps")).isEqualTo(List.of(1000, 6000, 30000));
        refused(body(later, ""), 409, "A price book version effective from " + later + " exists");
        refused(body(later.minus(1, ChronoUnit.HOURS), ""), 400, "effectiveFrom must be after the latest version's "
                + "effectiveFrom (" + later + ", version " + created.json().get("version") + ")");
        List<Map<String, Object>> versions = versions();
        assertThat(versions).hasSize(before + 1).last().isEqualTo(created.json());
        assertThat(versions).extracting(version -> (Integer) version.get("version")).isSorted();
        assertThat(versions).extracting(version -> Instant.parse((String) version.get("effectiveFrom"))).isSorted();
        assertThat(client.admin("POST", "/admin/price-books", body(later.plus(1, ChronoUnit.HOURS), ""), "demo",
                "wrong").status()).isEqualTo(401);
    }

    // --- helpers ---

    /** Moves the clock past the latest version's effectiveFrom, so that it is in force now. */
    private void pastTheLatestVersion() throws Exception {
        List<Map<String, Object>> versions = versions();
        Instant latest = Instant.parse((String) versions.get(versions.size() - 1).get("effectiveFrom"));
        if (!clock.instant().isAfter(latest)) {
            clock.shift(Duration.between(clock.instant(), latest.plus(1, ChronoUnit.HOURS)));
        }
    }

    private long open(String chargeType) {
        TestAccount account = Accounts.createAccount(client, """
                {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                 "bidUser":false,"payMethodValid":true,"balance":1000.00}""");
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", chargeType))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        return account.ownerId();
    }

    private Instant openedAt(long ownerId) {
        return services.findByOwnerId(ownerId).orElseThrow().openedAt();
    }

    private Instant firstFullHour(long ownerId) {
        return openedAt(ownerId).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> versions() throws Exception {
        HttpTestClient.Reply reply = client.admin("GET", "/admin/price-books", null, "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return JSON.readValue(reply.raw().body(), List.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> regions(Map<String, Object> version, String kind) {
        return (Map<String, List<String>>) version.get(kind);
    }

    private HttpTestClient.Reply post(String body) {
        return client.admin("POST", "/admin/price-books", body, "demo", "demo");
    }

    private static String body(Instant effectiveFrom, String more) {
        return "{\"effectiveFrom\":\"" + effectiveFrom + "\"" + more + "}";
    }

    private void refused(String body, int status, String detail) {
        HttpTestClient.Reply reply = post(body);
        assertThat(reply.status()).as(body + " -> " + reply.raw().body()).isEqualTo(status);
        assertThat((String) reply.field("detail")).as(body).contains(detail);
    }

    private static String sample(long ownerId, Instant start, long bytes) {
        return sample(ownerId, start, bytes, 1);
    }

    private static String sample(long ownerId, Instant start, long bytes, long peakBps) {
        return "{\"ownerId\":" + ownerId + ",\"region\":\"CN\",\"start\":\"" + start + "\",\"bytes\":" + bytes
                + ",\"peakBps\":" + peakBps + "}";
    }

    private void usage(String... samples) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/usage",
                "{\"samples\":[" + String.join(",", samples) + "]}", "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
    }

    private List<Map<String, Object>> bills(long ownerId, Instant from) {
        return new PagedLists(client, "bills").all("/admin/accounts/" + ownerId + "/bills?from=" + from + "&to="
                + from.plus(10, ChronoUnit.DAYS));
    }

    private static BigDecimal decimal(Map<String, Object> bill, String field) {
        return new BigDecimal((String) bill.get(field));
    }

    /** The unit price of the bill's only line's only tier. */
    @SuppressWarnings("unchecked")
    private static BigDecimal unitPrice(Map<String, Object> bill) {
        List<Map<String, Object>> lines = (List<Map<String, Object>>) bill.get("lines");
        assertThat(lines).hasSize(1);
        List<Map<String, Object>> tiers = (List<Map<String, Object>>) lines.get(0).get("tiers");
        assertThat(tiers).hasSize(1);
        return new BigDecimal((String) tiers.get(0).get("unitPrice"));
    }
}
