package org.cdnbilling.bench.billing;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.cdnbilling.bench.BenchMain.Options;
import org.cdnbilling.bench.ProcessCpu;
import org.cdnbilling.bench.Results;

/**
 * The billing benchmark of {@code bench/billing} against a running application on PostgreSQL:
 * <ol>
 * <li>accounts through the admin API ({@code PUT /admin/accounts/{id}}, an AccessKey each) and their services
 * opened through signed {@code OpenCdnService} calls (even OwnerIds PayByTraffic, odd PayByBandwidth); then
 * the fixture's one shortcut: the services' opening (and its charge type period) is moved to an hour before
 * the last closed Beijing day, in the database, so that the day's samples are after the opening and the day
 * is over (the application takes no sample before a service's opening or in the future);</li>
 * <li>the baseline: the day's samples COPYed into a plain table, the hourly totals by one GROUP BY;</li>
 * <li>the day's samples through {@code POST /admin/usage} by several concurrent posters;</li>
 * <li>an operator starts {@code cdn-billing-run}; billed when no instance of it runs and no unbilled_usage
 * mark of the day is left.</li>
 * </ol>
 */
public final class BillingBenchmark {

    private static final String ACCOUNT_JSON = "{\"realNameVerified\":true,\"profileComplete\":true,"
            + "\"site\":\"domestic\",\"intlAllowed\":false,\"bidUser\":false,\"payMethodValid\":true,"
            + "\"balance\":1000}";

    private final AppClient app;
    private final String jdbcUrl;
    private final String jdbcUser;

    private BillingBenchmark(AppClient app, String jdbcUrl, String jdbcUser) {
        this.app = app;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
    }

    record Account(long ownerId, String accessKeyId, String secret) {
        String chargeType() {
            return ownerId % 2 == 0 ? "PayByTraffic" : "PayByBandwidth";
        }
    }

    public static void run(Options options) throws Exception {
        BillingBenchmark bench = new BillingBenchmark(new AppClient(options.get("base"), options.get("user"),
                options.get("password")), options.get("jdbc"), options.get("jdbc-user"));
        int accounts = options.integer("accounts");
        int posters = options.integer("posters");
        boolean byAccounts = !"intervals".equals(options.get("shape"));
        long firstOwnerId = options.longOr("first-owner-id", 200_000);
        int appPid = options.integer("app-pid");
        Results results = new Results().put("accounts", accounts).put("posters", posters)
                .put("shape", byAccounts ? "accounts" : "intervals");

        Instant now = Instant.now();
        UsageDay day = new UsageDay(firstOwnerId, accounts, UsageDay.lastClosedBeijingDay(now));
        System.out.printf("billing: the Beijing day %s (%s to %s), %d accounts, %d samples%n",
                day.dayStart().atOffset(ZoneOffset.ofHours(8)).toLocalDate(), day.dayStart(), day.dayEnd(), accounts,
                day.samples());

        ProcessCpu cpu = new ProcessCpu(appPid, options.integer("clock-ticks"));
        double cpuBefore = cpu.seconds();
        long t0 = System.nanoTime();
        List<Account> created = bench.createAccounts(day, 16);
        double phase = seconds(t0);
        System.out.printf("billing: %d accounts with AccessKeys created in %.1f s (PUT /admin/accounts/{id}, "
                + "16 callers; application %.2f cores)%n", created.size(), phase, (cpu.seconds() - cpuBefore) / phase);
        cpuBefore = cpu.seconds();
        t0 = System.nanoTime();
        int refused = bench.openServices(created, 24);
        bench.awaitNoRunning("cdn-activation", TimeUnit.MINUTES.toNanos(5));
        phase = seconds(t0);
        long opened = bench.count("select count(*) from cdn_service where owner_id between ? and ?", day);
        System.out.printf("billing: %d services opened in %.1f s (signed OpenCdnService calls, 24 callers, "
                + "%d refused; application %.2f cores)%n", opened, phase, refused,
                (cpu.seconds() - cpuBefore) / phase);
        if (opened != accounts) {
            throw new IllegalStateException("only " + opened + " of " + accounts + " services opened");
        }
        bench.backdateOpenings(day);

        // spooled to files, not held in memory: at 100,000 accounts the day is 2.9 GB of JSON and 2.2 GB of COPY text
        Path spool = Path.of(options.get("spool"));
        Files.createDirectories(spool);
        Path copyFile = spool.resolve("day.copy");
        long copyBytes;
        try (var out = new java.io.BufferedOutputStream(Files.newOutputStream(copyFile), 1 << 20)) {
            AtomicLong written = new AtomicLong();
            day.copyChunks(now, chunk -> {
                try {
                    out.write(chunk);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                written.addAndGet(chunk.length);
            });
            copyBytes = written.get();
        }
        List<Path> batches = new ArrayList<>();
        AtomicLong jsonBytes = new AtomicLong();
        day.jsonBatches(10_000, byAccounts, body -> {
            Path file = spool.resolve("batch-" + batches.size() + ".json");
            try {
                Files.write(file, body);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            batches.add(file);
            jsonBytes.addAndGet(body.length);
        });
        System.out.printf("billing: %d request bodies of %s (%.0f MB of JSON) and %.0f MB of COPY text generated "
                + "(spooled to %s)%n", batches.size(), byAccounts ? "whole days of 34 accounts"
                        : "one interval of all accounts", jsonBytes.get() / 1e6, copyBytes / 1e6, spool);

        SqlBaseline.Timing plainCopy;
        SqlBaseline.Timing copy;
        SqlBaseline.Timing hourly;
        try (Connection connection = bench.connect()) {
            SqlBaseline baseline = new SqlBaseline(connection, day.dayStart(), day.dayEnd());
            plainCopy = baseline.copyPlain(copyFile);
            copy = baseline.copy(copyFile);
            hourly = baseline.hourlyTotals();
        }
        System.out.printf("baseline: COPY of %d samples into a plain table (no key, as before) in %.2f s: %.0f "
                + "samples/s%n", plainCopy.rows(), plainCopy.seconds(), plainCopy.rowsPerSecond());
        System.out.printf("baseline: COPY of %d samples into a table of usage_sample's shape (partitioned by Beijing "
                + "day, its primary key and checks) in %.2f s: %.0f samples/s%n", copy.rows(), copy.seconds(),
                copy.rowsPerSecond());
        System.out.printf("baseline: INSERT ... SELECT ... GROUP BY into %d hourly totals (usage_hour's shape, "
                + "partitioned) in %.2f s%n", hourly.rows(), hourly.seconds());
        results.put("copy-plain.samples-per-s", plainCopy.rowsPerSecond());

        cpuBefore = cpu.seconds();
        t0 = System.nanoTime();
        long accepted = bench.post(batches, posters);
        double ingestSeconds = seconds(t0);
        double ingestCores = (cpu.seconds() - cpuBefore) / ingestSeconds;
        double ingestRate = accepted / ingestSeconds;
        long stored = bench.count("select count(*) from usage_sample where owner_id between ? and ?", day);
        long marks = bench.count("select count(*) from unbilled_usage where owner_id between ? and ?", day);
        System.out.printf("project: %d samples posted in %.2f s by %d posters: %.0f samples/s (application %.2f "
                + "cores); %d stored, %d unbilled hour marks%n", accepted, ingestSeconds, posters, ingestRate,
                ingestCores, stored, marks);
        if (stored != day.samples() || accepted != day.samples()) {
            throw new IllegalStateException("expected " + day.samples() + " samples stored");
        }
        String dayName = day.dayStart().atOffset(ZoneOffset.ofHours(8)).toLocalDate()
                .format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        long sampleBytes = bench.relationSize("usage_sample_d" + dayName);
        long hourBytes = bench.relationSize("usage_hour_d" + dayName);
        long hourRows = bench.count("select count(*) from usage_hour where owner_id between ? and ?", day);
        System.out.printf("project: the day's partitions (pg_total_relation_size, table and indexes): usage_sample_d%s "
                + "%.1f MB, %.1f bytes a sample; usage_hour_d%s %.1f MB for %d hourly totals, %.1f bytes each%n",
                dayName, sampleBytes / 1e6, (double) sampleBytes / stored, dayName, hourBytes / 1e6, hourRows,
                (double) hourBytes / hourRows);
        results.put("partition.usage-sample-bytes", sampleBytes).put("partition.usage-hour-bytes", hourBytes)
                .put("partition.usage-hour-rows", hourRows);
        double ingestRatio = ingestRate / copy.rowsPerSecond();
        results.put("copy.samples-per-s", copy.rowsPerSecond()).put("sql.seconds", hourly.seconds())
                .put("ingest.samples-per-s", ingestRate).put("ingest.app-cores", ingestCores);

        String head = String.format(Locale.ROOT, "billing: ingest-samples/s=%.0f copy-samples/s=%.0f "
                + "ingest-ratio=%.2f", ingestRate, copy.rowsPerSecond(), ingestRatio);
        AppClient.Reply definition = bench.app.adminReply("GET",
                "/engine-rest/process-definition/key/cdn-billing-run", null);
        if (definition.status() != 200) {
            bench.memory(appPid, results);
            results.write(Path.of(options.get("out")));
            System.out.println("billing: FAILED: the process cdn-billing-run is not deployed (GET "
                    + "/engine-rest/process-definition/key/cdn-billing-run answered " + definition.status()
                    + "); no billing figures. Ingest and baseline so far: " + head + String.format(Locale.ROOT,
                    " sql-s=%.2f", hourly.seconds()));
            System.exit(2);
        }
        cpuBefore = cpu.seconds();
        t0 = System.nanoTime();
        bench.app.admin("POST", "/engine-rest/process-definition/key/cdn-billing-run/start", "{}");
        bench.awaitBilled(day, TimeUnit.MINUTES.toNanos(8));
        double billSeconds = seconds(t0);
        double billCores = (cpu.seconds() - cpuBefore) / billSeconds;
        long hourBills = bench.count("select count(*) from bill where bill_type = 'hour_flow' and owner_id between ? "
                + "and ?", day);
        long dayBills = bench.count("select count(*) from bill where bill_type = 'day_bandwidth' and owner_id "
                + "between ? and ?", day);
        System.out.printf("project: billed in %.2f s (application %.2f cores): %d hour_flow bills, %d day_bandwidth "
                + "bills%n", billSeconds, billCores, hourBills, dayBills);
        results.put("bill.seconds", billSeconds).put("bill.app-cores", billCores).put("bill.hour-flow", hourBills)
                .put("bill.day-bandwidth", dayBills);
        bench.memory(appPid, results);
        results.write(Path.of(options.get("out")));
        String last = head + String.format(Locale.ROOT, " bill-s=%.1f sql-s=%.2f bill-ratio=%.2f", billSeconds,
                hourly.seconds(), billSeconds / hourly.seconds());
        Files.writeString(Path.of(options.get("summary")), last + "\n");
    }

    private List<Account> createAccounts(UsageDay day, int threads) throws Exception {
        Account[] accounts = new Account[day.accounts()];
        parallel(day.accounts(), threads, i -> {
            long ownerId = day.firstOwnerId() + i;
            app.admin("PUT", "/admin/accounts/" + ownerId, ACCOUNT_JSON);
            JsonNode key = app.admin("POST", "/admin/accounts/" + ownerId + "/access-keys", null);
            accounts[i] = new Account(ownerId, key.get("AccessKeyId").asText(), key.get("AccessKeySecret").asText());
        });
        return List.of(accounts);
    }

    private int openServices(List<Account> accounts, int threads) throws Exception {
        AtomicInteger refused = new AtomicInteger();
        parallel(accounts.size(), threads, i -> {
            Account account = accounts.get(i);
            AppClient.Reply reply = app.signed(account.accessKeyId(), account.secret(), "OpenCdnService",
                    Map.of("InternetChargeType", account.chargeType()));
            if (reply.status() != 200 && refused.incrementAndGet() <= 3) {
                System.out.println("  refused: " + reply.status() + " " + reply.body());
            }
        });
        return refused.get();
    }

    /** The fixture's shortcut (see the class comment): the services opened an hour before the day. */
    private void backdateOpenings(UsageDay day) throws SQLException {
        Instant opening = day.dayStart().minusSeconds(3600);
        try (Connection connection = connect()) {
            for (String sql : List.of("update cdn_service set opened_at = ? where owner_id between ? and ?",
                    "update charge_type_period set starts_at = ? where owner_id between ? and ?")) {
                try (PreparedStatement update = connection.prepareStatement(sql)) {
                    update.setObject(1, opening.atOffset(ZoneOffset.UTC));
                    update.setLong(2, day.firstOwnerId());
                    update.setLong(3, day.lastOwnerId());
                    update.executeUpdate();
                }
            }
        }
    }

    /** Posts every batch, {@code posters} at a time; the samples accepted. */
    private long post(List<Path> batches, int posters) throws Exception {
        AtomicLong accepted = new AtomicLong();
        parallel(batches.size(), posters, i -> {
            AppClient.Reply reply = app.adminReply("POST", "/admin/usage", Files.readAllBytes(batches.get(i)));
            if (reply.status() != 200) {
                throw new IllegalStateException("POST /admin/usage: " + reply.status() + " " + reply.body());
            }
            accepted.addAndGet(reply.json().get("accepted").asLong());
        });
        return accepted.get();
    }

    private void awaitNoRunning(String key, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (running(key) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(key + " instances still running");
            }
            Thread.sleep(500);
        }
    }

    private long running(String key) throws Exception {
        return app.admin("GET", "/engine-rest/process-instance/count?processDefinitionKey=" + key, null)
                .get("count").asLong();
    }

    /** Until no billing run is running and no hour of the day is marked unbilled (asked twice a second). */
    private void awaitBilled(UsageDay day, long timeoutNanos) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            long marks;
            try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                    "select count(*) from unbilled_usage where hour_start >= ? and hour_start < ?")) {
                query.setObject(1, day.dayStart().atOffset(ZoneOffset.UTC));
                query.setObject(2, day.dayEnd().atOffset(ZoneOffset.UTC));
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    marks = rs.getLong(1);
                }
            }
            long running = running("cdn-billing-run");
            if (running == 0 && marks == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("billing not done: " + running + " runs, " + marks + " marks left");
            }
            Thread.sleep(500);
        }
    }

    /** pg_total_relation_size of a table (its indexes and TOAST included); 0 if there is no such table. */
    private long relationSize(String table) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(
                "select coalesce(pg_total_relation_size(to_regclass(?)), 0)")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String sql, UsageDay day) throws SQLException {
        try (Connection connection = connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, day.firstOwnerId());
            query.setLong(2, day.lastOwnerId());
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The application's resident memory now and its peak (VmRSS, VmHWM of /proc/<pid>/status). */
    private void memory(int pid, Results results) throws Exception {
        long rss = 0;
        long peak = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("VmHWM:")) {
                peak = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        System.out.printf("project: application memory: peak resident %d MiB (VmHWM), now %d MiB (VmRSS); "
                + "target under 1024 MiB%n", peak / 1024, rss / 1024);
        results.put("app.vmhwm-kb", peak).put("app.vmrss-kb", rss);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbcUser, "");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    interface Task {
        void run(int index) throws Exception;
    }

    /** Runs task(0..count-1) on {@code threads} threads; the first failure fails the whole. */
    private static void parallel(int count, int threads, Task task) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> w : work) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
