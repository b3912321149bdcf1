package org.cdnbilling.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.cdnbilling.bench.BenchMain.Options;

/**
 * Drives the running application over HTTP: fresh accounts and AccessKeys through the admin API (before
 * any timing), then signed {@code OpenCdnService} calls, one per account:
 * <ol>
 * <li>warm-up: closed loop, {@code threads} callers;</li>
 * <li>throughput: closed loop, {@code threads} callers, {@code activations} calls; accepted per second
 * (first call sent to last answer received) and completed per second (first call sent until the last
 * service's {@code openingTime}); the round waits until no {@code cdn-activation} instance is left running
 * (asked twice a second);</li>
 * <li>latency: open loop, {@code rate} calls a second for {@code latency-seconds}; the latency of a call
 * is measured from when it was due (so a stalled server cannot hide queueing), and its async lag from the
 * answer until the service's {@code openingTime} as the admin API shows it; the application's CPU over the
 * phase is read from {@code /proc/<pid>/stat}.</li>
 * </ol>
 * On PostgreSQL ({@code --jdbc}, {@code bench/run --postgres}) the throughput round is wrapped in snapshots of
 * the application database's own statistics ({@link PgStats}), and a second paced round follows the first
 * ({@code --rate-high} calls a second, as long, accounts of its own), measured the same way. With
 * {@code --pg-proxy} (the counts of the proxy the application connects through) the statements and round trips of
 * the throughput round are counted too.
 * Only then are the throughput round's accounts read through the admin API (opening times; order ACTIVATED,
 * service opened), so that those reads do not run right before the latency phase.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT_JSON = "{\"realNameVerified\":true,\"profileComplete\":true,"
            + "\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,\"balance\":100}";

    private final HttpClient http;
    /** The node the admin API calls go to (the first). */
    private final String base;
    /** Every node; the signed calls go to them in turn, one call each (round robin per call). */
    private final List<String> nodes;
    private final AtomicLong nextNode = new AtomicLong();
    private final String adminAuth;

    private LoadGenerator(List<String> nodes, String user, String password) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newCachedThreadPool(daemon()))
                .build();
        this.nodes = List.copyOf(nodes);
        this.base = nodes.get(0);
        this.adminAuth = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    record Account(long ownerId, String accessKeyId, String secret) {
    }

    /** One OpenCdnService call: when it was due, sent and answered (nanoTime), and the wall clock of its answer. */
    record Call(Account account, long dueNanos, long answeredNanos, Instant answeredAt, int status, String body) {
        double latencyMs() {
            return (answeredNanos - dueNanos) / 1e6;
        }
    }

    public static void run(Options options) throws Exception {
        // --base: one node's address, or several comma-separated (bench/run --nodes 2)
        LoadGenerator load = new LoadGenerator(List.of(options.get("base").split(",")), options.get("user"),
                options.get("password"));
        int threads = options.integer("threads");
        int warmup = options.integer("warmup");
        int activations = options.integer("activations");
        int rate = options.integer("rate");
        int latencySeconds = options.integer("latency-seconds");
        Path out = Path.of(options.get("out"));
        Results results = new Results().put("project.nodes", load.nodes.size()).put("project.threads", threads).put("project.warmup", warmup)
                .put("project.activations", activations).put("latency.rate", rate)
                .put("latency.seconds", latencySeconds);

        // repeated runs against one running application need accounts of their own (an account is served once)
        long firstOwnerId = options.longOr("first-owner-id", 100_000);
        int latencyCalls = rate * latencySeconds;
        int rateHigh = (int) options.longOr("rate-high", 0);
        int highCalls = rateHigh * latencySeconds;
        String jdbc = options.values().get("jdbc");
        PgStats pg = jdbc == null ? null : new PgStats(jdbc, options.get("jdbc-user"), options.values().get("pg-proxy"));
        long created = System.nanoTime();
        List<Account> accounts = load.createAccounts(firstOwnerId,
                warmup + activations + latencyCalls + highCalls, 16);
        System.out.printf("project: %d accounts with AccessKeys created in %.1f s%n", accounts.size(),
                (System.nanoTime() - created) / 1e9);

        List<Account> warm = accounts.subList(0, warmup);
        List<Account> measured = accounts.subList(warmup, warmup + activations);
        List<Account> paced = accounts.subList(warmup + activations, warmup + activations + latencyCalls);
        List<Account> pacedHigh = accounts.subList(warmup + activations + latencyCalls, accounts.size());

        Round warmRound = load.closedLoop(warm, threads);
        System.out.printf("project: warm-up done, %.0f accepted/s, %d refused%n", warmRound.acceptedPerSecond(),
                warmRound.refused());

        PgStats.Snapshot before = pg == null ? null : pg.settledSnapshot();
        // --app-pid: the nodes' process ids, comma-separated, in the order of --base
        NodesCpu appCpu = new NodesCpu(options.get("app-pid"), options.integer("clock-ticks"));
        double[] roundCpuBefore = appCpu.perNode();
        long roundStart = System.nanoTime();
        Round round = load.closedLoop(measured, threads);
        double[] roundCores = appCpu.coresSince(roundCpuBefore, (System.nanoTime() - roundStart) / 1e9);
        System.out.printf("project: %d calls, %d threads: %.0f accepted/s, %d refused, latency p50 %.1f ms"
                + " p99 %.1f ms%n", activations, threads, round.acceptedPerSecond(), round.refused(), round.p(50),
                round.p(99));
        if (appCpu.count() > 1) {
            System.out.printf("project: throughput round, calls spread over %d nodes: %s%n", appCpu.count(),
                    NodesCpu.describe(roundCores));
            results.put("project.node-cores", NodesCpu.join(roundCores));
        }
        if (pg != null) {
            // per accepted call: a refused one starts no activation
            PgStats.Delta delta = pg.settledSnapshot().since(before, (int) (activations - round.refused()));
            System.out.println("project, PostgreSQL: " + delta.describe());
            System.out.println("project, PostgreSQL, rows written per activation: " + delta.describeTables());
            System.out.println("project, PostgreSQL, table scans (index or sequential) per activation: "
                    + delta.describeScans());
            System.out.print(delta.describeTopStatements("project, PostgreSQL | "));
            delta.writeStatements(out.resolveSibling("statements-project-round.txt"));
            delta.putInto(results, "project");
        }

        // the application's CPU while it answers the paced calls: the same calls took 0.89-1.27 cores from one
        // run to the next, and p99 followed (docs/performance.md)
        double[] cpuBefore = appCpu.perNode();
        long pacedStart = System.nanoTime();
        List<Call> calls = load.openLoop(paced, rate);
        double[] nodeCores = appCpu.coresSince(cpuBefore, (System.nanoTime() - pacedStart) / 1e9);
        double appCores = java.util.Arrays.stream(nodeCores).sum();
        long refused = calls.stream().filter(c -> c.status() != 200).count();
        load.awaitNoRunningActivation();
        // printed last, after the first paced round's figures (which are read only after this round)
        String highSummary = rateHigh > 0 ? load.pacedHigh(pacedHigh, rateHigh, appCpu, results) : null;

        // the throughput round is checked only now, so that its 2000 admin reads do not run right before the
        // latency phase (docs/performance.md: with them moved here, the first second held fewer slow calls)
        Map<Long, Instant> roundOpenings = load.openingTimes(measured, 16);
        double completedPerSecond = round.completedPerSecond(roundOpenings);
        int activated = roundOpenings.size();
        System.out.printf("project: %d calls, %d threads: %.0f completed/s%n", activations, threads,
                completedPerSecond);
        System.out.printf("project: %d of %d accounts have an ACTIVATED order and an opened service%n", activated,
                activations);
        results.put("project.accepted-per-s", round.acceptedPerSecond())
                .put("project.completed-per-s", completedPerSecond)
                .put("project.refused", round.refused())
                .put("project.activated", activated)
                .put("project.saturated-p50-ms", round.p(50))
                .put("project.saturated-p99-ms", round.p(99));

        double[] latencies = calls.stream().mapToDouble(Call::latencyMs).toArray();
        Map<Long, Instant> openings = load.openingTimes(paced, 16);
        List<String> csv = new ArrayList<>(List.of("due_ms,latency_ms,lag_ms,status,answered_epoch_ms"));
        List<Double> lags = new ArrayList<>();
        long firstDue = calls.stream().mapToLong(Call::dueNanos).min().orElse(0);
        for (Call call : calls) {
            Instant opened = openings.get(call.account().ownerId());
            Double lag = null;
            if (call.status() == 200 && opened != null) {
                // the service may open before the answer reaches the caller: that is no lag at all
                lag = Math.max(0.0, Duration.between(call.answeredAt(), opened).toNanos() / 1e6);
                lags.add(lag);
            }
            // the wall clock of the answer, to match slow calls with the application's GC and thread logs
            csv.add(String.format(java.util.Locale.ROOT, "%.1f,%.3f,%s,%d,%d", (call.dueNanos() - firstDue) / 1e6,
                    call.latencyMs(), lag == null ? "" : String.format(java.util.Locale.ROOT, "%.3f", lag),
                    call.status(), call.answeredAt().toEpochMilli()));
        }
        Files.write(out.resolveSibling("latency.csv"), csv);
        double[] lagValues = lags.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf("project: %d calls at %d/s: latency p50 %.1f ms p99 %.1f ms max %.1f ms, %d refused;"
                + " async lag p50 %.0f ms p99 %.0f ms (%d opened)%n", calls.size(), rate,
                Stats.percentile(latencies, 50), Stats.percentile(latencies, 99), Stats.percentile(latencies, 100),
                refused, Stats.percentile(lagValues, 50), Stats.percentile(lagValues, 99), lagValues.length);
        System.out.printf("project: the application used %.2f cores while answering them%n", appCores);
        if (appCpu.count() > 1) {
            System.out.printf("project: at %d/s: %s%n", rate, NodesCpu.describe(nodeCores));
            results.put("latency.node-cores", NodesCpu.join(nodeCores));
        }
        if (highSummary != null) {
            System.out.println(highSummary);
        }
        results.put("latency.calls", calls.size())
                .put("latency.refused", refused)
                .put("latency.p50-ms", Stats.percentile(latencies, 50))
                .put("latency.p99-ms", Stats.percentile(latencies, 99))
                .put("latency.max-ms", Stats.percentile(latencies, 100))
                .put("latency.app-cores", appCores)
                .put("lag.opened", lagValues.length)
                .put("lag.p50-ms", Stats.percentile(lagValues, 50))
                .put("lag.p99-ms", Stats.percentile(lagValues, 99))
                .write(out);
    }

    /**
     * The second paced round ({@code bench/run --postgres}): {@code rate} calls a second, measured as the first
     * (latency from when a call was due, async lag, the application's CPU), into {@code latency-high.*}.
     */
    private String pacedHigh(List<Account> accounts, int rate, NodesCpu appCpu, Results results) throws Exception {
        double[] cpuBefore = appCpu.perNode();
        long start = System.nanoTime();
        List<Call> calls = openLoop(accounts, rate);
        double[] nodeCores = appCpu.coresSince(cpuBefore, (System.nanoTime() - start) / 1e9);
        double appCores = java.util.Arrays.stream(nodeCores).sum();
        long refused = calls.stream().filter(c -> c.status() != 200).count();
        awaitNoRunningActivation();
        Map<Long, Instant> openings = openingTimes(accounts, 16);
        double[] latencies = calls.stream().mapToDouble(Call::latencyMs).toArray();
        double[] lags = calls.stream()
                .filter(call -> call.status() == 200 && openings.containsKey(call.account().ownerId()))
                .mapToDouble(call -> Math.max(0.0,
                        Duration.between(call.answeredAt(), openings.get(call.account().ownerId())).toNanos() / 1e6))
                .toArray();
        calls.stream().filter(c -> c.status() != 200).limit(3)
                .forEach(c -> System.out.printf("  refused at %d/s: %d %s%n", rate, c.status(), c.body()));
        String summary = String.format("project: %d calls at %d/s: latency p50 %.1f ms p99 %.1f ms max %.1f ms,"
                + " %d refused; async lag p50 %.0f ms p99 %.0f ms (%d opened); the application used %.2f cores",
                calls.size(), rate, Stats.percentile(latencies, 50), Stats.percentile(latencies, 99),
                Stats.percentile(latencies, 100), refused, Stats.percentile(lags, 50), Stats.percentile(lags, 99),
                lags.length, appCores) + (appCpu.count() > 1 ? " (" + NodesCpu.describe(nodeCores) + ")" : "");
        if (appCpu.count() > 1) {
            results.put("latency-high.node-cores", NodesCpu.join(nodeCores));
        }
        results.put("latency-high.rate", rate)
                .put("latency-high.calls", calls.size())
                .put("latency-high.refused", refused)
                .put("latency-high.p50-ms", Stats.percentile(latencies, 50))
                .put("latency-high.p99-ms", Stats.percentile(latencies, 99))
                .put("latency-high.max-ms", Stats.percentile(latencies, 100))
                .put("latency-high.app-cores", appCores)
                .put("latency-high.lag-opened", lags.length)
                .put("latency-high.lag-p99-ms", Stats.percentile(lags, 99));
        return summary;
    }

    /**
     * A closed-loop round: {@code acceptSeconds} from its first call sent to its last answer received.
     */
    record Round(int calls, long refused, Instant startedAt, double acceptSeconds, double[] latencies) {
        double acceptedPerSecond() {
            return (calls - refused) / acceptSeconds;
        }

        /**
         * Completed when the last service opened, as the application recorded it (read afterwards, so that
         * watching for the end costs the application nothing while it works).
         */
        double completedPerSecond(Map<Long, Instant> openings) {
            Instant lastOpened = openings.values().stream().max(Instant::compareTo).orElse(startedAt);
            double completeSeconds = Math.max(Duration.between(startedAt, lastOpened).toNanos() / 1e9, acceptSeconds);
            return (calls - refused) / completeSeconds;
        }

        double p(double percentile) {
            return Stats.percentile(latencies, percentile);
        }
    }

    private Round closedLoop(List<Account> accounts, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        double[] latencies = new double[accounts.size()];
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < accounts.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    Call call = open(accounts.get(i), sent);
                    latencies[i] = call.latencyMs();
                    if (call.status() != 200 && refused.incrementAndGet() <= 3) {
                        System.out.printf("  refused: %d %s%n", call.status(), call.body());
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long accepted = System.nanoTime();
        awaitNoRunningActivation();
        return new Round(accounts.size(), refused.get(), startedAt, (accepted - start) / 1e9, latencies);
    }

    private List<Call> openLoop(List<Account> accounts, int rate) {
        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < accounts.size(); i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            Account account = accounts.get(i);
            pending.add(http.sendAsync(openRequest(account), HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> {
                        calls.add(new Call(account, due, System.nanoTime(), Instant.now(),
                                response == null ? -1 : response.statusCode(),
                                response == null ? String.valueOf(failure) : response.body()));
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        return new ArrayList<>(calls);
    }

    private Call open(Account account, long due) {
        try {
            HttpResponse<String> response = http.send(openRequest(account), HttpResponse.BodyHandlers.ofString());
            return new Call(account, due, System.nanoTime(), Instant.now(), response.statusCode(), response.body());
        } catch (IOException e) {
            return new Call(account, due, System.nanoTime(), Instant.now(), -1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest openRequest(Account account) {
        String query = Signer.signedQuery(account.accessKeyId(), account.secret(), "OpenCdnService",
                Map.of("InternetChargeType", "PayByTraffic"));
        String node = nodes.get((int) (nextNode.getAndIncrement() % nodes.size()));
        return HttpRequest.newBuilder(URI.create(node + "/?" + query)).timeout(Duration.ofSeconds(60)).GET().build();
    }

    /**
     * Until no activation process instance is running any more (the asynchronous step is done everywhere).
     * Polled twice a second only: the answer says when to read the opening times, it is not the measurement.
     */
    private void awaitNoRunningActivation() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            JsonNode count = admin("GET", "/engine-rest/process-instance/count?processDefinitionKey=cdn-activation",
                    null);
            if (count.get("count").asLong() == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("activations still running after 5 minutes: " + count);
            }
            Thread.sleep(500);
        }
    }

    private List<Account> createAccounts(long firstOwnerId, int count, int threads) throws Exception {
        Account[] accounts = new Account[count];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long ownerId = firstOwnerId + i;
                    admin("PUT", "/admin/accounts/" + ownerId, ACCOUNT_JSON);
                    JsonNode key = admin("POST", "/admin/accounts/" + ownerId + "/access-keys", null);
                    accounts[i] = new Account(ownerId, key.get("AccessKeyId").asText(),
                            key.get("AccessKeySecret").asText());
                }
                return null;
            }));
        }
        for (var w : work) {
            w.get();
        }
        pool.shutdown();
        return List.of(accounts);
    }

    /** The service's openingTime of each account whose only order is ACTIVATED (absent otherwise). */
    private Map<Long, Instant> openingTimes(List<Account> accounts, int threads) throws Exception {
        Map<Long, Instant> openings = new java.util.concurrent.ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemon());
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (Account account : accounts) {
            work.add(pool.submit(() -> {
                JsonNode view = admin("GET", "/admin/accounts/" + account.ownerId(), null);
                JsonNode orders = view.path("orders");
                JsonNode opened = view.path("cdnService").path("openingTime");
                if (orders.size() == 1 && "ACTIVATED".equals(orders.get(0).path("status").asText())
                        && opened.isTextual()) {
                    openings.put(account.ownerId(), Instant.parse(opened.asText()));
                }
                return null;
            }));
        }
        for (var w : work) {
            w.get();
        }
        pool.shutdown();
        return openings;
    }

    private JsonNode admin(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", adminAuth).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable);
            thread.setDaemon(true);
            return thread;
        };
    }
}
