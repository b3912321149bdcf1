package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A node killed with SIGKILL in the middle of a burst of activations: every order a caller saw accepted ends
 * activated (by the surviving node, once the dead node's job locks expire), none is created twice, and
 * callers of the dead node get a connection error, never a false success.
 */
@Tag("cluster")
class NodeCrashTest {

    private static final int ACCOUNTS = 60;

    enum Outcome { ACCEPTED, REFUSED, CONNECTION_ERROR }

    @Test
    void acceptedOrdersSurviveANodeKilledMidBurst() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        try (Node survivor = Node.start("survivor", database.url); Node victim = Node.start("victim", database.url)) {
            survivor.awaitReady();
            victim.awaitReady();
            List<TestAccount> accounts = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                accounts.add(Accounts.createEligibleAccount(survivor.client()));
            }

            Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            ExecutorService callers = Executors.newFixedThreadPool(8);
            List<Future<?>> calls = new ArrayList<>();
            for (TestAccount account : accounts) {
                Node node = account.ownerId() % 2 == 0 ? survivor : victim;
                calls.add(callers.submit(() -> {
                    sent.incrementAndGet();
                    outcomes.put(account.ownerId(), call(node, account));
                }));
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> sent.get() >= ACCOUNTS / 2);
            victim.kill();
            for (Future<?> call : calls) {
                call.get();
            }
            callers.shutdown();

            assertThat(outcomes).hasSize(ACCOUNTS);
            assertThat(outcomes.values()).contains(Outcome.ACCEPTED).doesNotContain(Outcome.REFUSED);
            List<Long> accepted = outcomes.entrySet().stream().filter(e -> e.getValue() == Outcome.ACCEPTED)
                    .map(Map.Entry::getKey).toList();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (long ownerId : accepted) {
                    assertThat(database.longs("select count(*) from cdn_order where owner_id = ? and status = 'ACTIVATED'",
                            ownerId)).as("activated order of %d", ownerId).containsExactly(1L);
                }
            });
            for (TestAccount account : accounts) {
                assertThat(database.count("select count(*) from cdn_order where owner_id = ?", account.ownerId()))
                        .as("orders of %d", account.ownerId()).isLessThanOrEqualTo(1);
                assertThat(database.count("select count(*) from cdn_service where owner_id = ?", account.ownerId()))
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    private static Outcome call(Node node, TestAccount account) {
        try {
            HttpTestClient.Reply reply = node.client().openCdnService(account, "PayByTraffic");
            return reply.status() == 200 ? Outcome.ACCEPTED : Outcome.REFUSED;
        } catch (UncheckedIOException e) {
            return Outcome.CONNECTION_ERROR;
        }
    }
}
