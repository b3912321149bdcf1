package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.cdnbilling.support.BillingRuns;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL in the middle of suspending overdue accounts (its control plane hangs on the call):
 * the other node takes the suspensions over once the dead node's job locks expire, suspends each account once,
 * with the debt's idempotency key, and resumes it once a top-up settles the debt. Demo accounts 1010 (100.00)
 * and 1014 (1.00) are billed past their balance.
 */
@Tag("cluster")
class OverdueNodeCrashTest {

    private static final List<Long> ACCOUNTS = List.of(1010L, 1014L);

    @Test
    void suspensionsOfANodeKilledMidCallAreDoneOnceByTheOtherNode() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        Node victim = Node.start("victim", database.url, "--cdn.billing.overdue-grace=PT3S",
                "--cdn.billing.schedule=0 0 0 29 2 ?", "--cdn.demo.faults.suspension-hangs=1010,1014",
                "--cdn.provisioning.timeout=PT10M");
        try {
            victim.awaitReady();
            Instant hour = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
            // 2,600 GB and 100 GB in CN: 104.00 and 4.00 against balances of 100.00 and 1.00
            var posted = victim.client().admin("POST", "/admin/usage", "{\"samples\":["
                    + sample(1010, hour, 2600) + "," + sample(1014, hour, 100) + "]}", "demo", "demo");
            assertThat(posted.status()).as(posted.raw().body()).isEqualTo(200);
            BillingRuns.run(victim.client());
            assertThat(database.count("select count(*) from account_debt where open_owner_id in (1010, 1014)"))
                    .isEqualTo(2);

            // both suspensions are running on the victim, their backend calls hanging
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> database.count(
                    "select count(*) from act_ru_job j join act_ru_execution e on e.id_ = j.execution_id_ "
                            + "where e.business_key_ in ('1010', '1014') and j.lock_owner_ is not null "
                            + "and j.exception_msg_ is null and j.type_ = 'message'") == 2);
            victim.kill();
        } finally {
            victim.close();
        }
        assertThat(database.count("select count(*) from cdn_service where status = 'SUSPENDED'")).isZero();

        try (Node survivor = Node.start("survivor", database.url, "--cdn.billing.schedule=0 0 0 29 2 ?")) {
            survivor.awaitReady();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> database.count(
                    "select count(*) from cdn_service where status = 'SUSPENDED' and owner_id in (1010, 1014)") == 2);
            for (long ownerId : ACCOUNTS) {
                var topUp = survivor.client().admin("POST", "/admin/accounts/" + ownerId + "/top-ups",
                        "{\"amount\":\"10.00\",\"reference\":\"pay-" + ownerId + "\"}", "demo", "demo");
                assertThat(topUp.status()).as(topUp.raw().body()).isEqualTo(201);
            }
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> database.count(
                    "select count(*) from account_debt where owner_id in (1010, 1014) and close_reason = 'RESUMED'")
                    == 2);

            assertThat(database.count("select count(*) from cdn_service where status = 'SUSPENDED'")).isZero();
            assertThat(database.count("select count(*) from account_debt where owner_id in (1010, 1014)"))
                    .as("one debt each").isEqualTo(2);
            assertThat(database.count("select count(*) from act_ru_incident")).isZero();
            String log = Files.readString(survivor.log);
            for (long ownerId : ACCOUNTS) {
                long debtId = database.count("select id from account_debt where owner_id = ?", ownerId);
                assertThat(log.split("taken offline \\(suspend-debt-" + debtId + "\\)", -1)).as("suspensions of %d",
                        ownerId).hasSize(2);
                assertThat(log.split("back online \\(resume-debt-" + debtId + "\\)", -1)).hasSize(2);
            }
        }
    }

    private static String sample(long ownerId, Instant start, long gigabytes) {
        return "{\"ownerId\":" + ownerId + ",\"region\":\"CN\",\"start\":\"" + start + "\",\"bytes\":"
                + (gigabytes << 30) + ",\"peakBps\":1}";
    }
}
