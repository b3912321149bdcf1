package org.cdnbilling.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.rating.Region;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.PostgresTestDatabases;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /admin/usage} as the metering pipeline calls it: batches taken whole or not at all, duplicates
 * counted, conflicts and bad samples refused with every index named, racing batches storing each sample once,
 * and each account's hours with new samples marked unbilled in the same transaction. With {@code -Ppostgres}
 * the same tests run the COPY path (PostgresSampleWriter), on H2 the portable one.
 * Accounts are opened through the RPC API; then the application's clock moves a day on, so that a day of
 * 5-minute intervals lies between the opening and now.
 */
@DemoApplicationTest
@ExtendWith(NoErrorLogged.class)
@Import(ShiftableClock.Configuration.class)
class UsageIngestionOverHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    IdentityService identity;

    HttpTestClient client;

    /**
     * A sample older than cdn.usage.retention (93 days) is refused with its reason, whatever else is wrong with it
     * (here its service opened after it too), and nothing of the batch is stored: on PostgreSQL no partition of
     * its day exists, and it must be a 400 naming the sample, not a database error.
     */
    @Test
    void refusesASampleOlderThanTheUsageKept() {
        Opened account = openedAccount();
        Instant old = account.firstInterval().minus(Duration.ofDays(100));
        String tooOld = "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\"" + old
                + "\",\"bytes\":5,\"peakBps\":5}";

        HttpTestClient.Reply reply = post(List.of(account.sample("CN", 0, 1, 1), tooOld));

        assertThat(reply.status()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reply.json().get("errors");
        assertThat(errors).extracting(error -> error.get("index")).containsOnly(1);
        assertThat(errors).extracting(error -> (String) error.get("reason"))
                .anyMatch(reason -> reason.startsWith("start is older than the usage kept: samples are accepted from ")
                        && reason.endsWith(", cdn.usage.retention of 93 days)"));
        assertThat(stored(account.ownerId())).isZero();
        // the batch without it is taken
        assertThat(post(List.of(account.sample("CN", 0, 1, 1))).status()).isEqualTo(200);
    }

    /**
     * On PostgreSQL, a day whose partition went away behind this node's back (detached by hand here; or dropped by
     * another node whose clock is ahead, at the retention boundary) while the node still counts it as there: the
     * insert's "no partition" error makes the node read the partitions again and create the missing day (the
     * detached table is attached again, its rows with it), and the batch is stored, not answered with a 500.
     */
    @Test
    void aDayWhosePartitionWentAwayBehindTheNodesBackIsCreatedAgainAndTheBatchStored() {
        assumeTrue(PostgresTestDatabases.server() != null, "daily partitions: PostgreSQL");
        Opened account = openedAccount();
        String partition = "usage_sample_d" + account.firstInterval().atZone(ZoneId.of("Asia/Shanghai"))
                .toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE);
        jdbc.execute("alter table usage_sample detach partition " + partition);

        HttpTestClient.Reply reply = post(List.of(account.sample("CN", 0, 7, 7)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(stored(account.ownerId())).isEqualTo(1);
        assertThat(jdbc.queryForList("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                + " where i.inhparent = 'usage_sample'::regclass", String.class)).contains(partition);
    }

    /**
     * Whatever a test posted, raced or refused: the hourly totals billing reads (usage_hour) are exactly those of
     * the stored samples, computed here again from usage_sample, for every account (the demo's 1015 included).
     */
    @AfterEach
    void hourlyTotalsAreThoseOfTheStoredSamples() {
        String totals = "select owner_id, region, cast(floor(extract(epoch from start_at) / 3600) as bigint) as h, "
                + "sum(bytes) as b, max(peak_bps) as p from usage_sample group by owner_id, region, "
                + "cast(floor(extract(epoch from start_at) / 3600) as bigint) order by 1, 2, 3";
        List<String> fromSamples = jdbc.query(totals, (rs, row) -> rs.getLong(1) + " " + rs.getString(2) + " "
                + rs.getLong(3) + " " + rs.getLong(4) + " " + rs.getLong(5));
        List<String> kept = jdbc.query("select owner_id, region, hour_number, bytes, peak_bps from usage_hour "
                + "order by 1, 2, 3", (rs, row) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getLong(3) + " "
                + rs.getLong(4) + " " + rs.getLong(5));
        assertThat(fromSamples).isNotEmpty();
        assertThat(kept).isEqualTo(fromSamples);
    }

    @BeforeEach
    void client() {
        client = new HttpTestClient(port);
    }

    /** An account whose service opened, and the first interval its samples may have, a day before "now". */
    private Opened openedAccount() {
        TestAccount account = Accounts.createEligibleAccount(client);
        assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType", "PayByTraffic"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
        Instant opened = services.findByOwnerId(account.ownerId()).orElseThrow().openedAt();
        clock.shift(Duration.ofDays(1));
        long seconds = opened.getEpochSecond();
        return new Opened(account.ownerId(), Instant.ofEpochSecond(seconds - seconds % 300));
    }

    private record Opened(long ownerId, Instant firstInterval) {
        String sample(String region, int interval, long bytes, long peakBps) {
            return "{\"ownerId\":" + ownerId + ",\"region\":\"" + region + "\",\"start\":\""
                    + firstInterval.plusSeconds(300L * interval) + "\",\"bytes\":" + bytes + ",\"peakBps\":" + peakBps
                    + "}";
        }
    }

    private HttpTestClient.Reply post(List<String> samples) {
        return post("{\"samples\":[" + String.join(",", samples) + "]}");
    }

    private HttpTestClient.Reply post(String body) {
        return client.admin("POST", "/admin/usage", body, "demo", "demo");
    }

    private int stored(long ownerId) {
        return jdbc.queryForObject("select count(*) from usage_sample where owner_id = ?", Integer.class, ownerId);
    }

    @Test
    void takesABatchOnceAndCountsItAgainAsDuplicates() {
        Opened account = openedAccount();
        List<String> batch = List.of(account.sample("CN", 0, 1_073_741_824L, 8_000_000L),
                account.sample("CN", 1, 0, 0), account.sample("EU", 1, 5, 7));

        var first = post(batch);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json()).containsEntry("accepted", 3).containsEntry("duplicates", 0);

        var again = post(batch);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).containsEntry("accepted", 0).containsEntry("duplicates", 3);

        assertThat(stored(account.ownerId())).isEqualTo(3);
        assertThat(jdbc.queryForObject("select bytes from usage_sample where owner_id = ? and region = 'CN' "
                + "and peak_bps = 8000000", Long.class, account.ownerId())).isEqualTo(1_073_741_824L);
    }

    @Test
    void aBatchWithBadSamplesNamesEachOfThemAndStoresNothing() throws Exception {
        Opened account = openedAccount();
        Instant future = clock.instant().plus(Duration.ofHours(1));
        long futureInterval = future.getEpochSecond() - future.getEpochSecond() % 300;
        List<String> batch = List.of(
                account.sample("CN", 0, 1, 1),                                                     // 0 fine
                account.sample("XX", 1, 1, 1),                                                     // 1 region
                account.sample("CN", -1, 1, 1),                                                    // 2 before opening
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\""
                        + account.firstInterval().plusSeconds(60) + "\",\"bytes\":1,\"peakBps\":1}",  // 3 boundary
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\""
                        + Instant.ofEpochSecond(futureInterval) + "\",\"bytes\":1,\"peakBps\":1}",    // 4 future
                account.sample("CN", 2, -1, 1),                                                    // 5 negative
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\""
                        + account.firstInterval() + "\",\"bytes\":1.5,\"peakBps\":1}",               // 6 not integer
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"bytes\":1,\"peakBps\":1}", // 7 missing
                new Opened(Accounts.freshOwnerId(), account.firstInterval()).sample("CN", 0, 1, 1), // 8 no service
                account.sample("CN", 0, 2, 1),                                                     // 9 repeats 0
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\"2026-12-01T05:05:00+08:00\","
                        + "\"bytes\":1,\"peakBps\":1,\"colour\":\"red\"}",                         // 10 offset, unknown
                "{\"ownerId\":" + account.ownerId() + ",\"region\":\"CN\",\"start\":\"2026-02-30T05:05:00Z\","
                        + "\"bytes\":1,\"peakBps\":1}");                                             // 11 no such day

        var reply = post(batch);

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reply.json().get("errors");
        assertThat(errors).extracting(error -> error.get("index"))
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 11);
        assertThat(errors).extracting(error -> (String) error.get("reason")).containsExactly(
                "region must be one of CN AP1 AP2 AP3 NA SA EU MEAA",
                "start is before the interval in which the CDN service of " + account.ownerId() + " opened ("
                        + services.findByOwnerId(account.ownerId()).orElseThrow().openedAt() + ")",
                "start must be on a 5-minute boundary (hh:00, hh:05, ...)",
                "start is in the future",
                "bytes must be an integer from 0 to 70368744177664",
                "bytes must be an integer from 0 to 70368744177664",
                "start is missing",
                "account " + JSON.readTree(batch.get(8)).get("ownerId").asLong() + " has no CDN service",
                "repeats the key of sample 0 with other values",
                "start must be a UTC instant such as 2026-12-01T05:05:00Z",
                "unknown field colour",
                "start must be a UTC instant such as 2026-12-01T05:05:00Z");
        assertThat(stored(account.ownerId())).isZero();
    }

    /**
     * The security review's samples (issue 23, item 4): two of 2^62 bytes in one hour answered 500; 9 x 10^18 and
     * 3 x 10^17 bytes in one hour were taken and made the month-to-date overflow in every later run; a peak of
     * 2^63 - 1 bit/s was taken. Each is now beyond the documented bounds (2^46 bytes, 10^15 bit/s): a 400 naming
     * its index. A whole hour at the bounds in all 8 regions is taken, and its hourly totals are exact.
     */
    @Test
    void samplesBeyondTheBoundsAreRefusedByIndexAndAnHourAtTheBoundsInEveryRegionIsTaken() {
        Opened account = openedAccount();
        long maxBytes = 1L << 46;
        long maxPeak = 1_000_000_000_000_000L;
        String bytesReason = "bytes must be an integer from 0 to 70368744177664";
        String peakReason = "peakBps must be an integer from 0 to 1000000000000000";

        assertRefused(post(List.of(account.sample("CN", 0, 1L << 62, 1), account.sample("CN", 1, 1L << 62, 1))),
                Map.of(0, bytesReason, 1, bytesReason));
        assertRefused(post(List.of(account.sample("CN", 12, 9_000_000_000_000_000_000L, 1),
                account.sample("CN", 24, 300_000_000_000_000_000L, 1))), Map.of(0, bytesReason, 1, bytesReason));
        assertRefused(post(List.of(account.sample("CN", 0, 1, 1), account.sample("CN", 1, 1, Long.MAX_VALUE))),
                Map.of(1, peakReason));
        assertRefused(post(List.of(account.sample("EU", 0, maxBytes, maxPeak), account.sample("EU", 1, maxBytes + 1, 0),
                account.sample("EU", 2, 0, maxPeak + 1), account.sample("EU", 3, maxBytes, maxPeak))),
                Map.of(1, bytesReason, 2, peakReason));
        assertThat(stored(account.ownerId())).isZero();

        // the first whole hour after the opening, 12 samples at both bounds in each region
        int firstOfHour = (int) ((3600 - account.firstInterval().getEpochSecond() % 3600) % 3600 / 300);
        List<String> hour = new ArrayList<>();
        for (String region : List.of("CN", "AP1", "AP2", "AP3", "NA", "SA", "EU", "MEAA")) {
            for (int i = 0; i < 12; i++) {
                hour.add(account.sample(region, firstOfHour + i, maxBytes, maxPeak));
            }
        }
        var reply = post(hour);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json()).containsEntry("accepted", 96);
        assertThat(jdbc.queryForList("select bytes from usage_hour where owner_id = ?", Long.class, account.ownerId()))
                .hasSize(8).containsOnly(12 * maxBytes);
        assertThat(jdbc.queryForList("select peak_bps from usage_hour where owner_id = ?", Long.class,
                account.ownerId())).containsOnly(maxPeak);
    }

    private static void assertRefused(HttpTestClient.Reply reply, Map<Integer, String> reasons) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors = (List<Map<String, Object>>) reply.json().get("errors");
        assertThat(errors).hasSize(reasons.size()).allSatisfy(error -> assertThat(error.get("reason"))
                .isEqualTo(reasons.get((Integer) error.get("index"))));
    }

    @Test
    void anotherValueForAStoredSampleRefusesTheWholeBatch() {
        Opened account = openedAccount();
        assertThat(post(List.of(account.sample("CN", 0, 100, 10))).status()).isEqualTo(200);

        var reply = post(List.of(account.sample("CN", 1, 7, 7), account.sample("CN", 0, 101, 10)));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("conflicts")).isEqualTo(
                List.of(Map.of("index", 1, "reason", "differs from the stored sample (bytes 100, peakBps 10)")));
        assertThat(stored(account.ownerId())).isEqualTo(1);
    }

    @Test
    void aBatchOfMoreThanTenThousandSamplesIsTooLargeAndAMalformedBodyIsRefused() {
        Opened account = openedAccount();
        clock.shift(Duration.ofDays(4)); // 10,001 samples in 8 regions: 1,251 intervals, 4.3 days
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            samples.add(account.sample(Region.values()[i % 8].name(), i / 8, 1, 1));
        }

        assertThat(post(samples).status()).isEqualTo(413);
        assertThat(post("{\"samples\":[").status()).isEqualTo(400);
        assertThat(post("[]").json()).containsEntry("detail", "The body must be a JSON object {\"samples\":[...]}");
        assertThat(post("{\"samples\":[],\"more\":1}").status()).isEqualTo(400);
        assertThat(stored(account.ownerId())).isZero();
        assertThat(post(samples.subList(0, 10_000)).json()).containsEntry("accepted", 10_000);
    }

    @Test
    void racingBatchesStoreEachSampleOnce() throws Exception {
        Opened account = openedAccount();
        List<String> samples = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            samples.add(account.sample(List.of("CN", "AP1", "EU", "NA").get(i % 4), i / 4, 1000 + i, i));
        }
        int racers = 8;
        for (int round = 0; round < 3; round++) {
            List<String> batch = samples.subList(round * 200, round * 200 + 400);
            List<HttpTestClient.Reply> replies = AllAtOnce.run(racers, i -> () -> post(batch));
            int accepted = 0;
            int duplicates = 0;
            for (HttpTestClient.Reply reply : replies) {
                assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
                accepted += (int) reply.field("accepted");
                duplicates += (int) reply.field("duplicates");
            }
            assertThat(accepted).isEqualTo(round == 0 ? 400 : 200);
            assertThat(duplicates).isEqualTo(racers * 400 - accepted);
        }
        assertThat(stored(account.ownerId())).isEqualTo(800);
    }

    /** The account's unbilled marks, hour start to changes (V13__bills.sql). */
    private Map<Instant, Long> marks(long ownerId) {
        Map<Instant, Long> marks = new TreeMap<>();
        jdbc.query("select hour_start, changes from unbilled_usage where owner_id = ?", rs -> {
            marks.put(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2));
        }, ownerId);
        return marks;
    }

    private static Instant hourOf(Opened account, int interval) {
        return account.firstInterval().plusSeconds(300L * interval).truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void eachHourWithNewSamplesIsMarkedUnbilledAndCountedUpByEachBatchThatAddsToIt() {
        Opened account = openedAccount();
        Opened other = openedAccount();
        // intervals 0 and 12 are an hour apart: two hours of the account, one of the other account
        var first = post(List.of(account.sample("CN", 0, 1, 1), account.sample("EU", 0, 2, 2),
                account.sample("CN", 12, 3, 3), other.sample("CN", 0, 4, 4)));
        assertThat(first.json()).containsEntry("accepted", 4);
        assertThat(marks(account.ownerId())).containsExactlyEntriesOf(
                new TreeMap<>(Map.of(hourOf(account, 0), 1L, hourOf(account, 12), 1L)));
        assertThat(marks(other.ownerId())).containsExactlyEntriesOf(Map.of(hourOf(other, 0), 1L));

        // duplicates only: no hour changed
        assertThat(post(List.of(account.sample("CN", 0, 1, 1), account.sample("CN", 12, 3, 3))).json())
                .containsEntry("duplicates", 2);
        // a refused batch changes nothing either
        assertThat(post(List.of(account.sample("NA", 0, 5, 5), account.sample("CN", 12, 4, 3))).status())
                .isEqualTo(409);
        assertThat(marks(account.ownerId())).containsExactlyEntriesOf(
                new TreeMap<>(Map.of(hourOf(account, 0), 1L, hourOf(account, 12), 1L)));

        // a new sample in the first hour (next to a duplicate in the second) counts up the first hour only
        assertThat(post(List.of(account.sample("AP1", 0, 6, 6), account.sample("CN", 12, 3, 3))).json())
                .containsEntry("accepted", 1).containsEntry("duplicates", 1);
        assertThat(marks(account.ownerId())).containsExactlyEntriesOf(
                new TreeMap<>(Map.of(hourOf(account, 0), 2L, hourOf(account, 12), 1L)));
        assertThat(marks(other.ownerId())).containsExactlyEntriesOf(Map.of(hourOf(other, 0), 1L));
    }

    @Test
    void aConflictingBatchNamesEachConflictingSampleInIndexOrderBesideNewSamplesAndDuplicates() {
        Opened account = openedAccount();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            stored.add(account.sample("CN", i, 100 + i, 10));
        }
        assertThat(post(stored).json()).containsEntry("accepted", 10);

        var reply = post(List.of(account.sample("CN", 10, 1, 1),   // 0 new
                account.sample("CN", 0, 100, 10),                   // 1 duplicate
                account.sample("CN", 3, 103, 11),                   // 2 other peak
                account.sample("CN", 11, 1, 1),                     // 3 new
                account.sample("CN", 1, 7, 10),                     // 4 other bytes
                account.sample("CN", 3, 103, 11)));                 // 5 repeats 2

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("conflicts")).isEqualTo(List.of(
                Map.of("index", 2, "reason", "differs from the stored sample (bytes 103, peakBps 10)"),
                Map.of("index", 4, "reason", "differs from the stored sample (bytes 101, peakBps 10)")));
        assertThat(stored(account.ownerId())).isEqualTo(10);
        assertThat(marks(account.ownerId()).values()).containsOnly(1L);
    }

    @Test
    void racingBatchesWithOtherValuesForTheSameNewSampleStoreOneAndRefuseTheOthers() throws Exception {
        Opened account = openedAccount();
        clock.shift(Duration.ofDays(1)); // 300 intervals: 25 hours
        int racers = 8;
        for (int round = 0; round < 3; round++) {
            int firstInterval = round * 100;
            // the same 100 new samples in every batch, but the last one's bytes are the racer's own
            List<HttpTestClient.Reply> replies = AllAtOnce.run(racers, racer -> () -> {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 99; i++) {
                    batch.add(account.sample("CN", firstInterval + i, 1000 + i, i));
                }
                batch.add(account.sample("CN", firstInterval + 99, racer, 1));
                return post(batch);
            });
            List<Integer> winners = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                HttpTestClient.Reply reply = replies.get(racer);
                if (reply.status() == 200) {
                    assertThat(reply.json()).containsEntry("accepted", 100).containsEntry("duplicates", 0);
                    winners.add(racer);
                } else {
                    assertThat(reply.status()).as(reply.raw().body()).isEqualTo(409);
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> conflicts = (List<Map<String, Object>>) reply.json().get("conflicts");
                    assertThat(conflicts).extracting(c -> c.get("index")).containsExactly(99);
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(jdbc.queryForObject("select bytes from usage_sample where owner_id = ? and start_at = ?",
                    Long.class, account.ownerId(), OffsetDateTime.ofInstant(
                            account.firstInterval().plusSeconds(300L * (firstInterval + 99)), ZoneOffset.UTC)))
                    .isEqualTo((long) winners.get(0));
        }
        assertThat(stored(account.ownerId())).isEqualTo(300);
    }

    @Test
    void theDemoAccount1010TakesUsageOfTheLastThreeDays() {
        Instant opened = services.findByOwnerId(1010).orElseThrow().openedAt();
        assertThat(Duration.between(opened, clock.instant())).isGreaterThan(Duration.ofDays(3).minusMinutes(10));
        long hourAgo = clock.instant().minus(Duration.ofHours(1)).getEpochSecond();
        Opened demo = new Opened(1010, Instant.ofEpochSecond(hourAgo - hourAgo % 3600 + 300));

        var reply = post(List.of(demo.sample("CN", 0, 1_073_741_824L, 8_000_000L)));

        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        assertThat(reply.json()).containsEntry("accepted", 1);
    }

    @Test
    void usageNeedsALoginOfAnOperatorOrOfTheMeteringPipeline() {
        Opened account = openedAccount();
        String batch = "{\"samples\":[" + account.sample("CN", 0, 1, 1) + "]}";
        String meter = "meter" + account.ownerId();
        User user = identity.newUser(meter);
        user.setPassword("secret-" + meter);
        identity.saveUser(user);
        identity.createMembership(meter, "cdn-metering");
        String nobody = "nobody" + account.ownerId();
        User other = identity.newUser(nobody);
        other.setPassword("secret-" + nobody);
        identity.saveUser(other);

        assertThat(client.admin("POST", "/admin/usage", batch, null, null).status()).isEqualTo(401);
        assertThat(client.admin("POST", "/admin/usage", batch, meter, "wrong").status()).isEqualTo(401);
        assertThat(client.admin("POST", "/admin/usage", batch, nobody, "secret-" + nobody).status()).isEqualTo(403);
        assertThat(stored(account.ownerId())).isZero();

        assertThat(client.admin("POST", "/admin/usage", batch, meter, "secret-" + meter).status()).isEqualTo(200);
        assertThat(stored(account.ownerId())).isEqualTo(1);
        var elsewhere = client.admin("GET", "/admin/accounts/" + account.ownerId(), null, meter, "secret-" + meter);
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.header("Content-Type")).startsWith("application/problem+json");
    }
}
