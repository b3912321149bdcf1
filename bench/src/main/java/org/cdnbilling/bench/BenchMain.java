package org.cdnbilling.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.cdnbilling.bench.bare.BareEngineBenchmark;
import org.cdnbilling.bench.billing.BillingBenchmark;
import org.cdnbilling.bench.pgwire.PgWireCounter;
import org.cdnbilling.bench.pgwire.ProxyCost;

/**
 * Entry point of the benchmark jar, one mode per phase of {@code bench/run}:
 * <ul>
 * <li>{@code bare}: the baseline, a plain Camunda engine (Spring Boot starter defaults) in this JVM;</li>
 * <li>{@code load}: signed {@code OpenCdnService} calls to the running application over HTTP;</li>
 * <li>{@code report}: the chart and the summary line from both result files;</li>
 * <li>{@code billing}: the billing benchmark of {@code bench/billing} (usage in, billing run, SQL baseline);</li>
 * <li>{@code pgproxy}: a PostgreSQL proxy that counts statements and round trips ({@code bench/run --postgres});</li>
 * <li>{@code pgproxy-cost}: what that proxy adds to a round trip.</li>
 * </ul>
 * Options are {@code --name=value}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: bare|load|report|billing|pgproxy|pgproxy-cost --option=value ...");
        }
        Options options = Options.parse(args);
        switch (args[0]) {
            case "bare" -> BareEngineBenchmark.run(options);
            case "load" -> LoadGenerator.run(options);
            case "report" -> Report.run(options);
            case "billing" -> BillingBenchmark.run(options);
            case "pgproxy" -> PgWireCounter.run(options);
            case "pgproxy-cost" -> ProxyCost.run(options);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** {@code --name=value} options. */
    public record Options(Map<String, String> values) {

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--") || !arg.contains("=")) {
                    throw new IllegalArgumentException("not --name=value: " + arg);
                }
                values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
            return new Options(values);
        }

        public String get(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing --" + name);
            }
            return value;
        }

        public int integer(String name) {
            return Integer.parseInt(get(name));
        }

        public long longOr(String name, long fallback) {
            String value = values.get(name);
            return value == null ? fallback : Long.parseLong(value);
        }
    }
}
