package org.cdnbilling.usagepartition;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.cdnbilling.support.MigrationDatabases;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The daily partitions on PostgreSQL ({@code -Ppostgres}): created ahead, idempotent when two nodes maintain at
 * once, dropped past retention (not while the day has unbilled usage), and a sample outside them refused.
 */
@EnabledIfSystemProperty(named = PostgresTestDatabases.SERVER_PROPERTY, matches = ".+")
class UsagePartitionsTest {

    /** 12:00 in Beijing on 2040-12-08: far from the real days V31 creates (dropped here, past retention). */
    private static final Instant NOON = Instant.parse("2040-12-08T04:00:00Z");
    private static final UsageRetentionSettings SETTINGS = new UsageRetentionSettings(Duration.ofDays(3),
            Duration.ofDays(35), new UsageRetentionSettings.Partitions(2, Duration.ofHours(1)));

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;
    private final MovableClock clock = new MovableClock(NOON);

    @BeforeEach
    void migrate() {
        dataSource = MigrationDatabases.create("usage-partitions");
        MigrationDatabases.flyway(dataSource, "latest").migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void twoNodesMaintainingAtOnceCreateEachDayOnceFromTheOldestAcceptedDayToTheDaysAhead() throws Exception {
        UsagePartitions one = node();
        UsagePartitions two = node();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<UsagePartitions.Maintenance>> rounds = new ArrayList<>();
        for (UsagePartitions node : List.of(one, two)) {
            rounds.add(threads.submit(() -> {
                start.await();
                return node.maintain();
            }));
        }
        start.countDown();
        List<String> created = new ArrayList<>();
        for (Future<UsagePartitions.Maintenance> round : rounds) {
            created.addAll(round.get().created());
        }
        threads.shutdown();

        // retention P3D at noon on the 8th: from the 5th; two days ahead: to the 10th
        List<String> days = List.of("20401205", "20401206", "20401207", "20401208", "20401209", "20401210");
        List<String> expected = new ArrayList<>();
        days.forEach(day -> expected.add("usage_sample_d" + day));
        days.forEach(day -> expected.add("usage_hour_d" + day));
        assertThat(created).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(partitions("usage_sample")).containsExactlyElementsOf(
                days.stream().map(day -> "usage_sample_d" + day).toList());
        assertThat(partitions("usage_hour")).containsExactlyElementsOf(
                days.stream().map(day -> "usage_hour_d" + day).toList());
        assertThat(one.maintain().created()).isEmpty();
        // the bounds are the Beijing day: 16:00Z to 16:00Z
        jdbc.update("insert into usage_sample values (1, 'CN', '2040-12-07T15:55:00Z', 1, 1, now()), "
                + "(1, 'CN', '2040-12-07T16:00:00Z', 1, 1, now())");
        assertThat(jdbc.queryForList("select tableoid::regclass::text from usage_sample order by start_at",
                String.class)).containsExactly("usage_sample_d20401207", "usage_sample_d20401208");
    }

    @Test
    void aDayPastRetentionIsDroppedWholeOnceItHasNoUnbilledUsage() {
        UsagePartitions node = node();
        node.maintain();
        jdbc.update("insert into usage_sample values (1, 'CN', '2040-12-05T01:00:00Z', 10, 1, now()), "
                + "(1, 'CN', '2040-12-06T01:00:00Z', 20, 1, now())");
        jdbc.update("insert into usage_hour values (1, 'CN', ?, 10, 1)",
                Instant.parse("2040-12-05T01:00:00Z").getEpochSecond() / 3600);
        jdbc.update("insert into unbilled_usage values (1, '2040-12-05T01:00:00Z', 1)");

        clock.move(Duration.ofDays(1)); // the 5th is now past the samples' retention
        UsagePartitions.Maintenance kept = node.maintain();
        assertThat(kept.dropped()).isEmpty();
        assertThat(kept.keptUnbilled()).containsExactly("usage_sample_d20401205");
        assertThat(kept.created()).containsExactly("usage_sample_d20401211", "usage_hour_d20401211");

        jdbc.update("delete from unbilled_usage");
        UsagePartitions.Maintenance dropped = node.maintain();
        assertThat(dropped.dropped()).containsExactly("usage_sample_d20401205");
        assertThat(partitions("usage_sample")).first().isEqualTo("usage_sample_d20401206");
        assertThat(jdbc.queryForObject("select sum(bytes) from usage_sample", Long.class)).isEqualTo(20);
        // the hourly totals are kept longer (P35D): the month of a late sample is rated from them
        assertThat(partitions("usage_hour")).first().isEqualTo("usage_hour_d20401205");
        assertThat(jdbc.queryForObject("select sum(bytes) from usage_hour", Long.class)).isEqualTo(10);

        clock.move(Duration.ofDays(35)); // noon on 2041-01-13: hourly totals from the Beijing day 2040-12-09 on
        assertThat(node.maintain().dropped()).contains("usage_hour_d20401205", "usage_sample_d20401206");
        assertThat(partitions("usage_hour")).first().isEqualTo("usage_hour_d20401209");
    }

    @Test
    void aPartitionLeftDetachedByANodeThatDiedBeforeDroppingItIsDroppedByTheNextRound() {
        UsagePartitions node = node();
        node.maintain();
        clock.move(Duration.ofDays(1)); // the 5th is now past the samples' retention
        // a node detached the 5th and died before its drop table
        jdbc.execute("alter table usage_sample detach partition usage_sample_d20401205");

        assertThat(node.maintain().dropped()).containsExactly("usage_sample_d20401205");
        assertThat(jdbc.queryForObject("select count(*) from pg_class where relname = 'usage_sample_d20401205'",
                Long.class)).isZero();
        assertThat(partitions("usage_sample")).first().isEqualTo("usage_sample_d20401206");
    }

    @Test
    void aSampleOlderThanRetentionOrOfADayWithoutPartitionsIsRefusedWithItsReason() {
        UsagePartitions node = node();
        node.maintain();
        assertThat(node.refusal(Instant.parse("2040-12-04T15:55:00Z"), NOON)).hasValue(
                "start is older than the usage kept: samples are accepted from 2040-12-04T16:00:00Z on (the "
                        + "Beijing day 2040-12-05, cdn.usage.retention of 3 days)");
        assertThat(node.refusal(Instant.parse("2040-12-04T16:00:00Z"), NOON)).isEmpty();
        // a day beyond those kept ahead (a clock far behind the sample's)
        assertThat(node.refusal(Instant.parse("2040-12-11T16:00:00Z"), NOON)).hasValue(
                "no usage partition for the Beijing day 2040-12-12 (partitions are kept from 2040-12-05 to "
                        + "2040-12-10)");
        // a day of the window whose partition is missing (maintenance behind): created, then accepted
        jdbc.execute("alter table usage_sample detach partition usage_sample_d20401208");
        jdbc.execute("drop table usage_sample_d20401208");
        node.read();
        assertThat(node.refusal(Instant.parse("2040-12-08T03:00:00Z"), NOON)).isEmpty();
        assertThat(partitions("usage_sample")).contains("usage_sample_d20401208");
    }

    @Test
    void aRoundWhileAnotherNodeHoldsTheLockOnlyReadsInsteadOfWaitingForIt() throws Exception {
        node().maintain();
        try (Connection holder = dataSource.getConnection()) {
            // another node's round, e.g. one whose concurrent detach waits for an old transaction
            try (Statement sql = holder.createStatement()) {
                sql.execute("select pg_advisory_lock(" + UsagePartitions.LOCK + ")");
            }
            jdbc.execute("alter table usage_sample detach partition usage_sample_d20401210");
            ExecutorService thread = Executors.newSingleThreadExecutor();
            Future<UsagePartitions.Maintenance> round = thread.submit(() -> node().maintain());
            // never waits on the lock for good (the guard is far above LOCK_WAIT, not a measure of it)
            UsagePartitions.Maintenance skipped = round.get(2, TimeUnit.MINUTES);
            thread.shutdown();
            assertThat(skipped.created()).as("left to the node holding the lock").isEmpty();
            assertThat(partitions("usage_sample")).doesNotContain("usage_sample_d20401210");
        }
        // the lock released (its session closed), the next round creates the missing day again
        assertThat(node().maintain().created()).containsExactly("usage_sample_d20401210");
    }

    private UsagePartitions node() {
        try {
            return new UsagePartitions(dataSource, SETTINGS, clock, new SimpleMeterRegistry());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> partitions(String table) {
        return jdbc.queryForList("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
                + "where i.inhparent = ?::regclass order by c.relname", String.class, table);
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void move(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
