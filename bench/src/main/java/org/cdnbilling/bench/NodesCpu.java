package org.cdnbilling.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The CPU of the application's nodes ({@code bench/run --nodes 2}: two processes on this machine; one node
 * otherwise), each read from {@code /proc/<pid>/stat} ({@link ProcessCpu}).
 */
public final class NodesCpu {

    private final List<ProcessCpu> nodes;

    /** {@code pids}: the nodes' process ids, comma-separated. */
    public NodesCpu(String pids, int ticksPerSecond) {
        this.nodes = Arrays.stream(pids.split(",")).map(String::trim)
                .map(pid -> new ProcessCpu(Integer.parseInt(pid), ticksPerSecond)).toList();
    }

    public int count() {
        return nodes.size();
    }

    /** Seconds of CPU each node used since it started, in the order of the pids. */
    public double[] perNode() throws IOException {
        double[] seconds = new double[nodes.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = nodes.get(i).seconds();
        }
        return seconds;
    }

    /** Seconds of CPU all nodes used together since they started. */
    public double seconds() throws IOException {
        return Arrays.stream(perNode()).sum();
    }

    /** The cores each node used from {@code before} until now, over {@code wallSeconds}. */
    public double[] coresSince(double[] before, double wallSeconds) throws IOException {
        double[] now = perNode();
        double[] cores = new double[now.length];
        for (int i = 0; i < now.length; i++) {
            cores[i] = (now[i] - before[i]) / wallSeconds;
        }
        return cores;
    }

    /** {@code 0.61,0.55}: the form kept in the results files. */
    public static String join(double[] cores) {
        return Arrays.stream(cores).mapToObj(c -> String.format(Locale.ROOT, "%.2f", c))
                .collect(Collectors.joining(","));
    }

    /** {@code node-1 0.61 cores, node-2 0.55 cores}. */
    public static String describe(double[] cores) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < cores.length; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "node-%d %.2f cores", i + 1, cores[i]));
        }
        return text.toString();
    }
}
