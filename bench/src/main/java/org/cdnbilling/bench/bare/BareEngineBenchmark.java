package org.cdnbilling.bench.bare;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.bench.BenchMain.Options;
import org.cdnbilling.bench.PgStats;
import org.cdnbilling.bench.ProcessCpu;
import org.cdnbilling.bench.Results;
import org.cdnbilling.bench.Stats;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts process instances of the baseline engine through the Java API, from as many threads as the load
 * generator uses against the application, and measures them the same way: instances started per second
 * (the synchronous part, up to the asynchronous step) and instances completed per second (until the end
 * time, in the engine's history, of the last instance to complete).
 *
 * <p>On PostgreSQL ({@code --jdbc}, {@code bench/run --postgres}) the measured round is wrapped in snapshots of
 * the database's own statistics ({@link PgStats}), and a paced round follows ({@code --rate} starts a second for
 * {@code --latency-seconds}): the bare engine has no HTTP API, so each start is handed at its due time to a
 * thread of an unbounded pool (as Tomcat hands a call to a request thread) and its latency is measured from when
 * it was due until {@code executeWithVariablesInReturn} returned, as the load generator measures a call. With
 * {@code --engine-jdbc} and {@code --pg-proxy} the engine connects through a counting proxy, whose statements and
 * round trips of the measured round are counted too.
 */
public final class BareEngineBenchmark {

    private static final String PROCESS_KEY = "cdn-activation";

    private BareEngineBenchmark() {
    }

    public static void run(Options options) throws Exception {
        int threads = options.integer("threads");
        int warmup = options.integer("warmup");
        int instances = options.integer("activations");
        Path out = Path.of(options.get("out"));

        String jdbc = options.values().get("jdbc");
        // the engine through the counting proxy where there is one (--engine-jdbc), the statistics directly
        String[] settings = jdbc == null
                ? new String[] {"--spring.datasource.url=jdbc:h2:file:" + options.get("data") + "/bare"}
                : new String[] {"--spring.datasource.url=" + options.values().getOrDefault("engine-jdbc", jdbc),
                    "--spring.datasource.username=" + options.get("jdbc-user"), "--spring.datasource.password="};
        PgStats pg = jdbc == null ? null : new PgStats(jdbc, options.get("jdbc-user"), options.values().get("pg-proxy"));
        SpringApplication application = new SpringApplication(BareEngineApplication.class);
        try (ConfigurableApplicationContext context = application.run(settings)) {
            RuntimeService runtime = context.getBean(RuntimeService.class);
            HistoryService history = context.getBean(HistoryService.class);
            System.out.printf("bare engine: warm-up, %d instances%n", warmup);
            Round warm = round(runtime, history, threads, 1_000_000, warmup);
            System.out.printf("bare engine: warm-up done, %.0f started/s%n", warm.startedPerSecond());
            PgStats.Snapshot before = pg == null ? null : pg.settledSnapshot();
            Round round = round(runtime, history, threads, 2_000_000, instances);
            System.out.printf("bare engine: %d instances, %d threads: %.0f started/s, %.0f completed/s,"
                    + " start p99 %.1f ms%n", instances, threads, round.startedPerSecond(),
                    round.completedPerSecond(), round.p99Ms());
            Results results = new Results()
                    .put("bare.threads", threads)
                    .put("bare.warmup", warmup)
                    .put("bare.instances", instances)
                    .put("bare.started-per-s", round.startedPerSecond())
                    .put("bare.completed-per-s", round.completedPerSecond())
                    .put("bare.start-p50-ms", round.p50Ms())
                    .put("bare.start-p99-ms", round.p99Ms())
                    .put("bare.failures", round.failures());
            if (pg != null) {
                PgStats.Delta delta = pg.settledSnapshot().since(before, instances);
                System.out.println("bare engine, PostgreSQL: " + delta.describe());
            System.out.println("bare engine, PostgreSQL, rows written per activation: " + delta.describeTables());
            System.out.println("bare engine, PostgreSQL, table scans (index or sequential) per activation: "
                    + delta.describeScans());
                System.out.print(delta.describeTopStatements("bare engine, PostgreSQL | "));
                delta.writeStatements(out.resolveSibling("statements-bare-round.txt"));
                delta.putInto(results, "bare");
            }
            if (options.values().containsKey("rate")) {
                int rate = options.integer("rate");
                int count = rate * options.integer("latency-seconds");
                ProcessCpu cpu = new ProcessCpu((int) ProcessHandle.current().pid(), options.integer("clock-ticks"));
                double cpuBefore = cpu.seconds();
                long pacedStart = System.nanoTime();
                Paced paced = paced(runtime, rate, 3_000_000, count);
                double cores = (cpu.seconds() - cpuBefore) / ((System.nanoTime() - pacedStart) / 1e9);
                awaitNoRunningInstance(runtime);
                System.out.printf("bare engine: %d starts at %d/s: latency p50 %.1f ms p99 %.1f ms max %.1f ms,"
                        + " %d failed; the engine's JVM used %.2f cores%n", count, rate,
                        Stats.percentile(paced.latencies(), 50), Stats.percentile(paced.latencies(), 99),
                        Stats.percentile(paced.latencies(), 100), paced.failures(), cores);
                results.put("bare.paced.rate", rate)
                        .put("bare.paced.calls", count)
                        .put("bare.paced.failures", paced.failures())
                        .put("bare.paced.p50-ms", Stats.percentile(paced.latencies(), 50))
                        .put("bare.paced.p99-ms", Stats.percentile(paced.latencies(), 99))
                        .put("bare.paced.max-ms", Stats.percentile(paced.latencies(), 100))
                        .put("bare.paced.cores", cores);
            }
            results.write(out);
        }
    }

    record Paced(double[] latencies, long failures) {
    }

    /**
     * An open loop: start {@code i} is due at {@code i / rate} seconds and handed then to a thread of an
     * unbounded pool; its latency runs from when it was due until the start returned.
     */
    private static Paced paced(RuntimeService runtime, int rate, long firstKey, int count) throws Exception {
        double[] latencies = new double[count];
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool();
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int index = i;
            pool.execute(() -> {
                if (!startOne(runtime, firstKey + index)) {
                    failures.incrementAndGet();
                }
                latencies[index] = (System.nanoTime() - due) / 1e6;
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the paced starts did not return in 10 minutes");
        }
        return new Paced(latencies, failures.get());
    }

    private static void awaitNoRunningInstance(RuntimeService runtime) throws InterruptedException {
        long started = System.nanoTime();
        while (runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count() > 0) {
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("the bare engine did not complete its instances in 5 minutes");
            }
            Thread.sleep(500);
        }
    }

    /** One start as ActivationService makes it; false (and the first failures printed) when it failed. */
    private static boolean startOne(RuntimeService runtime, long ownerId) {
        try {
            runtime.createProcessInstanceByKey(PROCESS_KEY)
                    .businessKey(Long.toString(ownerId))
                    .setVariables(Variables.createVariables()
                            .putValue("ownerId", ownerId)
                            .putValue("internetChargeType", "PayByTraffic")
                            .putValue("requestId", java.util.UUID.randomUUID().toString()))
                    .executeWithVariablesInReturn();
            return true;
        } catch (RuntimeException e) {
            if (PRINTED_FAILURES.incrementAndGet() <= 3) {
                e.printStackTrace();
            }
            return false;
        }
    }

    private static final AtomicInteger PRINTED_FAILURES = new AtomicInteger();

    record Round(int count, long failures, double startSeconds, double completeSeconds, double p50Ms, double p99Ms) {
        double startedPerSecond() {
            return count / startSeconds;
        }

        double completedPerSecond() {
            return count / completeSeconds;
        }
    }

    private static Round round(RuntimeService runtime, HistoryService history, int threads, long firstKey, int count)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        double[] latencies = new double[count];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long ownerId = firstKey + i;
                    long sent = System.nanoTime();
                    if (!startOne(runtime, ownerId)) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1e6;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long started = System.nanoTime();
        awaitNoRunningInstance(runtime);
        // completed when the last instance ended, as the engine's history recorded it; polled twice a second
        // only, as the application's benchmark does
        Instant lastEnded = history.createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).finished()
                .orderByProcessInstanceEndTime().desc().listPage(0, 1).get(0).getEndTime().toInstant();
        double completed = Math.max(Duration.between(startedAt, lastEnded).toNanos() / 1e9, (started - start) / 1e9);
        return new Round(count, failures.get(), (started - start) / 1e9, completed,
                Stats.percentile(latencies, 50), Stats.percentile(latencies, 99));
    }
}
