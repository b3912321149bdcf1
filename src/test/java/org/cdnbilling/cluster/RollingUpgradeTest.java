package org.cdnbilling.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.cdnbilling.engine.ShippedDiagram;
import org.cdnbilling.support.Accounts;
import org.cdnbilling.support.HttpTestClient;
import org.cdnbilling.support.TestAccount;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade on one PostgreSQL database: two nodes A and B of the old release serve {@code OpenCdnService}
 * calls; B stops, a node N of a new release starts, whose <i>Activate CDN service</i> needs a delegate only it has
 * ({@link NewReleaseActivateCdnServiceDelegate}); then A stops. Calls go to every live node all along. No call
 * fails, every accepted activation ends activated, each node starts its own version, every job of a new-version
 * instance runs on N (the old nodes' deployment-aware job executors never take one), and the jobs of old-version
 * instances still run on N once the old nodes are gone.
 */
@Tag("cluster")
class RollingUpgradeTest {

    static final String OLD_TAG = "1";
    static final String NEW_TAG = "2-rolling-upgrade";

    @Test
    void aNewReleaseReplacesTheOldNodesWhileCallsGoOn() throws Exception {
        ClusterDatabase database = new ClusterDatabase();
        Path newDiagrams = newReleaseWithChangedActivation();
        // provisioning of this account always fails on the old nodes: its order, accepted by A while A is the only
        // node, becomes an incident there and is retried once A is gone
        long stuckOnA = Accounts.freshOwnerId();
        String[] oldRelease = {"--cdn.demo.faults.provisioning-failures[" + stuckOnA + "]=-1",
                "--cdn.activation.retry-cycle=R1/PT1S"};
        // provisioning of these accounts fails once on N: their orders, accepted by N while A still runs, wait for
        // a retry that any node's job acquisition could take, and an old node must not
        List<Long> retriedOnN = List.of(Accounts.freshOwnerId(), Accounts.freshOwnerId(), Accounts.freshOwnerId(),
                Accounts.freshOwnerId(), Accounts.freshOwnerId());
        List<String> newRelease = new ArrayList<>(List.of("--cdn.test.new-release=true"));
        retriedOnN.forEach(id -> newRelease.add("--cdn.demo.faults.provisioning-failures[" + id + "]=1"));
        Calls calls = new Calls();
        Node a = Node.start("node-a", database.url, oldRelease);
        Node b = Node.start("node-b", database.url, oldRelease);
        Node n = null;
        try {
            a.awaitReady();
            b.awaitReady();
            calls.route(a);
            calls.route(b);
            calls.start();
            calls.awaitAcceptedThrough("node-a", 3);
            calls.awaitAcceptedThrough("node-b", 3);

            calls.drain(b);
            b.close();

            TestAccount stuck = Accounts.createEligibleAccount(a.client(), stuckOnA);
            assertThat(a.client().openCdnService(stuck, "PayByTraffic").status()).isEqualTo(200);
            await("the incident of " + stuckOnA).atMost(Duration.ofSeconds(60)).until(() -> database.count(
                    "select count(*) from act_ru_incident i join act_ru_execution e on e.id_ = i.proc_inst_id_ "
                            + "where e.business_key_ = ?", Long.toString(stuckOnA)) == 1);

            n = Node.start("node-n", database.url, List.of(newDiagrams), newRelease.toArray(String[]::new));
            n.awaitReady();
            calls.route(n);
            for (long ownerId : retriedOnN) {
                TestAccount account = Accounts.createEligibleAccount(n.client(), ownerId);
                assertThat(n.client().openCdnService(account, "PayByTraffic").status()).isEqualTo(200);
            }
            await("the retries of the orders failed once on N").atMost(Duration.ofSeconds(60))
                    .failFast("a job failed for want of its delegate", () -> jobsFailedForWantOfADelegate(database) > 0)
                    .until(() -> database
                    .count("select count(*) from cdn_order where status = 'ACTIVATED' and owner_id in (?, ?, ?, ?, ?)",
                            retriedOnN.toArray()) == retriedOnN.size());
            long acceptedByA = calls.acceptedThrough("node-a");
            calls.awaitAcceptedThrough("node-n", 3);
            calls.awaitAcceptedThrough("node-a", acceptedByA + 3);

            calls.drain(a);
            a.close();
            Instant aStopped = Instant.now();
            calls.awaitAcceptedThrough("node-n", calls.acceptedThrough("node-n") + 3);
            String stuckJob = database.strings("select j.id_ from act_ru_job j join act_ru_execution e "
                    + "on e.id_ = j.process_instance_id_ where e.business_key_ = ?", Long.toString(stuckOnA)).get(0);
            HttpTestClient.Reply retried = n.client().admin("PUT", "/engine-rest/job/" + stuckJob + "/retries",
                    "{\"retries\":1}", "demo", "demo");
            assertThat(retried.status()).as(retried.raw().body()).isEqualTo(204);
            calls.stop();

            assertThat(calls.failures).as("calls that failed").isEmpty();
            Map<String, Set<Long>> accepted = calls.acceptedByNode();
            accepted.get("node-n").addAll(retriedOnN);
            long activations = calls.accepted.size() + 1 + retriedOnN.size();
            await("every accepted activation activated").atMost(Duration.ofSeconds(120))
                    .failFast("a job failed for want of its delegate", () -> jobsFailedForWantOfADelegate(database) > 0)
                    .until(() -> database.count(
                    "select count(*) from cdn_order where status = 'ACTIVATED' and owner_id >= 700000")
                    == activations);
            assertThat(database.count("select count(*) from cdn_order where owner_id >= 700000"))
                    .isEqualTo(activations);

            Set<Long> startedOnOld = ownersStartedOn(database, OLD_TAG);
            Set<Long> startedOnNew = ownersStartedOn(database, NEW_TAG);
            assertThat(startedOnNew).as("activations started on the new version").isEqualTo(accepted.get("node-n"));
            Set<Long> throughOldNodes = new HashSet<>(accepted.get("node-a"));
            throughOldNodes.addAll(accepted.get("node-b"));
            throughOldNodes.add(stuckOnA);
            assertThat(startedOnOld).as("activations started on the old version").isEqualTo(throughOldNodes);

            assertThat(database.strings("select distinct j.hostname_ from act_hi_job_log j join act_re_procdef d "
                    + "on d.id_ = j.process_def_id_ where d.key_ = 'cdn-activation' and d.version_tag_ = ?", NEW_TAG))
                    .as("nodes that ran jobs of the new version").containsExactly("node-n");
            assertThat(jobsFailedForWantOfADelegate(database)).as("job failures for want of a delegate").isZero();
            assertThat(database.count("select count(*) from act_hi_incident where incident_msg_ like ?",
                    "%Unknown property%")).as("incidents for want of a delegate").isZero();

            assertThat(database.strings("select distinct j.hostname_ from act_hi_job_log j join act_hi_procinst p "
                    + "on p.id_ = j.process_instance_id_ where p.business_key_ = ? and j.job_state_ = 2",
                    Long.toString(stuckOnA))).as("the node that activated the order stuck on A").containsExactly(
                    "node-n");
            assertThat(database.count("select count(*) from act_hi_job_log j join act_re_procdef d "
                    + "on d.id_ = j.process_def_id_ where d.key_ = 'cdn-activation' and d.version_tag_ = ? "
                    + "and j.hostname_ = 'node-n' and j.job_state_ = 2 and j.timestamp_ > ?", OLD_TAG,
                    Timestamp.from(aStopped))).as("old-version jobs N ran after A stopped").isPositive();
        } finally {
            calls.stop();
            a.close();
            b.close();
            if (n != null) {
                n.close();
            }
            org.springframework.util.FileSystemUtils.deleteRecursively(newDiagrams);
        }
    }

    /** All five diagrams, cdn-activation with a new versionTag and a delegate only the new release has. */
    private static Path newReleaseWithChangedActivation() throws IOException {
        Path root = Files.createTempDirectory("cdn-new-release-");
        Path processes = Files.createDirectories(root.resolve(ShippedDiagram.LOCATION));
        List<ShippedDiagram> diagrams = ShippedDiagram.onClasspath();
        assertThat(diagrams).hasSize(5);
        for (ShippedDiagram diagram : diagrams) {
            String content = new String(diagram.content(), StandardCharsets.UTF_8);
            if (diagram.key().equals("cdn-activation")) {
                assertThat(diagram.versionTag()).isEqualTo(OLD_TAG);
                String changed = content
                        .replace("camunda:versionTag=\"" + OLD_TAG + "\"", "camunda:versionTag=\"" + NEW_TAG + "\"")
                        .replace("${activateCdnServiceDelegate}", "${newReleaseActivateCdnServiceDelegate}");
                assertThat(ShippedDiagram.of(diagram.fileName(), changed.getBytes(StandardCharsets.UTF_8))
                        .versionTag()).isEqualTo(NEW_TAG);
                assertThat(changed).contains("${newReleaseActivateCdnServiceDelegate}");
                content = changed;
            }
            Files.writeString(processes.resolve(diagram.fileName()), content);
        }
        return root;
    }

    private static long jobsFailedForWantOfADelegate(ClusterDatabase database) throws Exception {
        return database.count("select count(*) from act_hi_job_log where job_exception_msg_ like ?",
                "%Unknown property%");
    }

    private static Set<Long> ownersStartedOn(ClusterDatabase database, String versionTag) throws Exception {
        return database.strings("select p.business_key_ from act_hi_procinst p join act_re_procdef d "
                + "on d.id_ = p.proc_def_id_ where d.key_ = 'cdn-activation' and d.version_tag_ = ?", versionTag)
                .stream().map(Long::valueOf).collect(Collectors.toSet());
    }

    record Accepted(long ownerId, String node) {
    }

    /**
     * Activations of fresh accounts from two caller threads, each to the next live node in turn: creating the
     * account and its key (admin API) and ordering (OpenCdnService) on that node. A node is taken out of the
     * routing and its calls in flight finish before it stops, as a load balancer drains it.
     */
    static final class Calls {

        final List<Node> live = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        final List<Accepted> accepted = new CopyOnWriteArrayList<>();
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final AtomicLong next = new AtomicLong();
        private final ScheduledExecutorService callers = Executors.newScheduledThreadPool(2);

        void route(Node node) {
            inFlight.putIfAbsent(node.name, new AtomicInteger());
            live.add(node);
        }

        void start() {
            for (int i = 0; i < 2; i++) {
                callers.scheduleWithFixedDelay(this::activateOne, 0, 200, TimeUnit.MILLISECONDS);
            }
        }

        void drain(Node node) {
            synchronized (this) {
                live.remove(node);
            }
            await(node.name + " drained").atMost(Duration.ofSeconds(60))
                    .until(() -> inFlight.get(node.name).get() == 0);
        }

        void stop() throws InterruptedException {
            callers.shutdown();
            if (!callers.awaitTermination(60, TimeUnit.SECONDS)) {
                callers.shutdownNow();
            }
        }

        long acceptedThrough(String node) {
            return accepted.stream().filter(a -> a.node().equals(node)).count();
        }

        void awaitAcceptedThrough(String node, long count) {
            await(count + " activations accepted by " + node).atMost(Duration.ofSeconds(120))
                    .until(() -> acceptedThrough(node) >= count || !failures.isEmpty());
            assertThat(failures).as("calls that failed").isEmpty();
        }

        Map<String, Set<Long>> acceptedByNode() {
            Map<String, Set<Long>> byNode = new HashMap<>();
            for (String node : List.of("node-a", "node-b", "node-n")) {
                byNode.put(node, accepted.stream().filter(a -> a.node().equals(node)).map(Accepted::ownerId)
                        .collect(Collectors.toSet()));
            }
            return byNode;
        }

        private void activateOne() {
            Node node;
            AtomicInteger calls;
            synchronized (this) {
                // taken with its in-flight count at once, so that a drain never misses a call about to start
                List<Node> nodes = new ArrayList<>(live);
                if (nodes.isEmpty()) {
                    return;
                }
                node = nodes.get((int) (next.getAndIncrement() % nodes.size()));
                calls = inFlight.get(node.name);
                calls.incrementAndGet();
            }
            try {
                TestAccount account = Accounts.createEligibleAccount(node.client());
                HttpTestClient.Reply reply = node.client().openCdnService(account, "PayByTraffic");
                if (reply.status() == 200) {
                    accepted.add(new Accepted(account.ownerId(), node.name));
                } else {
                    failures.add(node.name + ": OpenCdnService " + reply.status() + " " + reply.raw().body());
                }
            } catch (RuntimeException e) {
                failures.add(node.name + ": " + e);
            } finally {
                calls.decrementAndGet();
            }
        }
    }
}
