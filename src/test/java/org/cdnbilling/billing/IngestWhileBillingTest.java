package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.HistoryService;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.AllAtOnce;
import org.cdnbilling.support.BillingRuns;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.NoErrorLogged;
import org.cdnbilling.support.PagedLists;
import org.cdnbilling.support.ShiftableClock;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Ingestion and billing runs on the same accounts at once, round after round, as the metering pipeline and the
 * run's timer meet in production: batches add to the hourly totals and count up the marks of hours whose marks
 * the partitions are deleting. Nothing may fail (no deadlock, no lock timeout, no 500, no failed job) and every
 * sample is billed exactly once. With {@code -Ppostgres} on PostgreSQL (COPY, set-based upserts, bulk deletes),
 * else on H2 (JDBC batches).
 */
@DemoApplicationTest
@Import(ShiftableClock.Configuration.class)
@ExtendWith(NoErrorLogged.class)
@TestPropertySource(properties = {"cdn.billing.usage-delay=PT1H", "cdn.billing.schedule=0 0 0 1 1 ?",
        "cdn.billing.accounts-per-partition=2", "cdn.billing.partition-retry-cycle=R1/PT1S"})
class IngestWhileBillingTest {

    private static final long GB = 1L << 30;
    private static final int ACCOUNTS = 8;
    private static final int ROUNDS = 24;
    private static final int HOURS = 4;
    /** Two batches a round, each its own region; after 12 rounds (the 12 slots of an hour) two regions more. */
    private static final String[] REGIONS = {"CN", "EU", "NA", "AP1"};
    /** 12 GB in each region, at the first tier: 12 * (0.04 + 0.07 + 0.07 + 0.081). */
    private static final BigDecimal HOUR_TOTAL = new BigDecimal("3.13");

    @LocalServerPort
    int port;

    @Autowired
    ShiftableClock clock;

    @Autowired
    CdnServiceInstances services;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    HistoryService history;

    @Test
    void batchesAndRunsOnTheSameAccountsAtOnceFailNothingAndBillEverySampleOnce() throws Exception {
        HttpTestClient client = new HttpTestClient(port);
        List<Long> owners = new ArrayList<>();
        Instant opened = Instant.EPOCH;
        for (int i = 0; i < ACCOUNTS; i++) {
            TestAccount account = Accounts.createAccount(client, """
                    {"realNameVerified":true,"profileComplete":true,"site":"domestic","intlAllowed":false,
                     "bidUser":false,"payMethodValid":true,"balance":100.00}""");
            assertThat(client.signedGetAt(clock, account, "OpenCdnService", Map.of("InternetChargeType",
                    "PayByTraffic")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> services.existsByOwnerId(account.ownerId()));
            Instant at = services.findByOwnerId(account.ownerId()).orElseThrow().openedAt();
            opened = at.isAfter(opened) ? at : opened;
            owners.add(account.ownerId());
        }
        // hours 0 to 2 are due, hour 3 is within the usage delay (its marks stay through the rounds)
        Instant first = opened.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        clock.shift(Duration.between(clock.instant(), first.plus(HOURS, ChronoUnit.HOURS).plusSeconds(60)));

        List<String> runs = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            List<String> started = AllAtOnce.run(4, i -> i < 2
                    ? () -> post(client, batch(owners, first, r, REGIONS[i + 2 * (r / 12)]))
                    : () -> BillingRuns.start(client));
            runs.addAll(started.subList(2, 4));
            started.subList(2, 4).forEach(run -> BillingRuns.awaitEnded(client, run));
        }
        // what the rounds' runs did not bill (marks counted up while they billed), then the hour of the delay
        BillingRuns.run(client);
        clock.shift(Duration.ofHours(1));
        BillingRuns.run(client);

        for (String run : runs) {
            assertThat(history.createHistoricJobLogQuery().processInstanceId(run).failureLog().count())
                    .as("failed jobs of run %s", run).isZero();
        }
        for (String run : runs) {
            assertThat(history.createHistoricIncidentQuery().processInstanceId(run).count()).as("incidents").isZero();
        }
        for (long owner : owners) {
            assertThat(jdbc.queryForObject("select count(*) from unbilled_usage where owner_id = ?", Long.class,
                    owner)).as("marks left of %d", owner).isZero();
            for (int h = 0; h < HOURS; h++) {
                Instant hour = first.plus(h, ChronoUnit.HOURS);
                List<Map<String, Object>> bills = new PagedLists(client, "bills").all("/admin/accounts/" + owner
                        + "/bills?from=" + hour + "&to=" + hour.plus(1, ChronoUnit.HOURS));
                assertThat(bills).as("bills of %d at %s", owner, hour).isNotEmpty();
                BigDecimal charged = bills.stream().map(bill -> new BigDecimal(bill.get("total").toString()))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(charged).as("%d at %s: %s", owner, hour, bills).isEqualByComparingTo(HOUR_TOTAL);
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> lines = (List<Map<String, Object>>) bills.get(bills.size() - 1)
                        .get("lines");
                assertThat(lines).extracting(line -> ((Number) line.get("quantity")).longValue())
                        .as("the latest bill's quantities").containsOnly(12 * GB).hasSize(REGIONS.length);
            }
            assertThat(new BigDecimal(client.admin("GET", "/admin/accounts/" + owner, null, "demo", "demo")
                    .field("balance").toString())).as("balance of %d", owner)
                    .isEqualByComparingTo(new BigDecimal("100.00").subtract(HOUR_TOTAL.multiply(BigDecimal.valueOf(HOURS))));
        }
    }

    /** One sample of 1 GB per account and hour in the round's 5-minute slot of the hour, in the region. */
    private static String batch(List<Long> owners, Instant first, int round, String region) {
        List<String> samples = new ArrayList<>();
        for (long owner : owners) {
            for (int h = 0; h < HOURS; h++) {
                Instant start = first.plus(h, ChronoUnit.HOURS).plus(5L * (round % 12), ChronoUnit.MINUTES);
                samples.add("{\"ownerId\":" + owner + ",\"region\":\"" + region + "\",\"start\":\"" + start
                        + "\",\"bytes\":" + GB + ",\"peakBps\":1}");
            }
        }
        return "{\"samples\":[" + String.join(",", samples) + "]}";
    }

    private static String post(HttpTestClient client, String batch) {
        HttpTestClient.Reply reply = client.admin("POST", "/admin/usage", batch, "demo", "demo");
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(200);
        return null;
    }
}
