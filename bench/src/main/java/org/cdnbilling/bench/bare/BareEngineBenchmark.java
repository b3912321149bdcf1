package org.cdnbilling.bench.bare;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.bench.BenchMain.Options;
import org.cdnbilling.bench.Results;
import org.cdnbilling.bench.Stats;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts process instances of the baseline engine through the Java API, from as many threads as the load
 * generator uses against the application, and measures them the same way: instances started per second
 * (the synchronous part, up to the asynchronous step) and instances completed per second (until the end
 * time, in the engine's history, of the last instance to complete).
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

        SpringApplication application = new SpringApplication(BareEngineApplication.class);
        try (ConfigurableApplicationContext context = application.run(
                "--spring.datasource.url=jdbc:h2:file:" + options.get("data") + "/bare")) {
            RuntimeService runtime = context.getBean(RuntimeService.class);
            HistoryService history = context.getBean(HistoryService.class);
            System.out.printf("bare engine: warm-up, %d instances%n", warmup);
            Round warm = round(runtime, history, threads, 1_000_000, warmup);
            System.out.printf("bare engine: warm-up done, %.0f started/s%n", warm.startedPerSecond());
            Round round = round(runtime, history, threads, 2_000_000, instances);
            System.out.printf("bare engine: %d instances, %d threads: %.0f started/s, %.0f completed/s,"
                    + " start p99 %.1f ms%n", instances, threads, round.startedPerSecond(),
                    round.completedPerSecond(), round.p99Ms());
            new Results()
                    .put("bare.threads", threads)
                    .put("bare.warmup", warmup)
                    .put("bare.instances", instances)
                    .put("bare.started-per-s", round.startedPerSecond())
                    .put("bare.completed-per-s", round.completedPerSecond())
                    .put("bare.start-p50-ms", round.p50Ms())
                    .put("bare.start-p99-ms", round.p99Ms())
                    .put("bare.failures", round.failures())
                    .write(out);
        }
    }

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
                    try {
                        runtime.createProcessInstanceByKey(PROCESS_KEY)
                                .businessKey(Long.toString(ownerId))
                                .setVariables(Variables.createVariables()
                                        .putValue("ownerId", ownerId)
                                        .putValue("internetChargeType", "PayByTraffic")
                                        .putValue("requestId", java.util.UUID.randomUUID().toString()))
                                .executeWithVariablesInReturn();
                    } catch (RuntimeException e) {
                        if (failures.incrementAndGet() <= 3) {
                            e.printStackTrace();
                        }
                    }
                    latencies[i] = (System.nanoTime() - sent) / 1e6;
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        long started = System.nanoTime();
        while (runtime.createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).count() > 0) {
            if (System.nanoTime() - started > TimeUnit.MINUTES.toNanos(5)) {
                throw new IllegalStateException("the bare engine did not complete its instances in 5 minutes");
            }
            Thread.sleep(500);
        }
        // completed when the last instance ended, as the engine's history recorded it; polled twice a second
        // only, as the application's benchmark does
        Instant lastEnded = history.createHistoricProcessInstanceQuery().processDefinitionKey(PROCESS_KEY).finished()
                .orderByProcessInstanceEndTime().desc().listPage(0, 1).get(0).getEndTime().toInstant();
        double completed = Math.max(Duration.between(startedAt, lastEnded).toNanos() / 1e9, (started - start) / 1e9);
        return new Round(count, failures.get(), (started - start) / 1e9, completed,
                Stats.percentile(latencies, 50), Stats.percentile(latencies, 99));
    }
}
