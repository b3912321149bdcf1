package org.cdnbilling.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.cdnbilling.bench.BenchMain.Options;

/**
 * Reads the figures of both phases, draws {@code bench.png} (throughput side by side; latency and async
 * lag of the paced phase over time) and prints the summary, whose last line is the benchmark's result.
 */
public final class Report {

    private static final int PANEL_W = 520;
    private static final int H = 480;
    private static final Color PROJECT = new Color(0x1f77b4);
    private static final Color BARE = new Color(0xff7f0e);

    private Report() {
    }

    public static void run(Options options) throws Exception {
        Path folder = Path.of(options.get("results"));
        Results bare = Results.read(folder.resolve("bare.properties"));
        Results project = Results.read(folder.resolve("project.properties"));
        // --rss-kb: one figure per node, comma-separated (bench/run --nodes 2); the chart shows the largest
        long[] nodesRssKb = java.util.Arrays.stream(options.get("rss-kb").split(",")).map(String::trim)
                .mapToLong(Long::parseLong).toArray();
        long rssKb = java.util.Arrays.stream(nodesRssKb).max().orElseThrow();
        int nodes = (int) Double.parseDouble(project.getOr("project.nodes", "1"));
        String conditions = options.get("conditions");

        double projectRate = project.number("project.completed-per-s");
        double bareRate = bare.number("bare.completed-per-s");
        double ratio = projectRate / bareRate;
        List<double[]> rows = readCsv(folder.resolve("latency.csv"));
        boolean postgres = Boolean.parseBoolean(options.values().getOrDefault("postgres", "false"));
        // the latency target of the issue measured: 25 ms on H2, 20 ms on PostgreSQL (issue 26)
        chart(folder.resolve("bench.png"), bare, project, rows, rssKb, conditions, postgres ? 20 : 25);

        System.out.println();
        System.out.printf(Locale.ROOT, "accepted/s (synchronous part): project=%.0f bare-engine=%.0f ratio=%.2f%n",
                project.number("project.accepted-per-s"), bare.number("bare.started-per-s"),
                project.number("project.accepted-per-s") / bare.number("bare.started-per-s"));
        System.out.printf(Locale.ROOT, "activated=%s of %s, refused=%s (throughput), %s of %s (paced)%n",
                project.get("project.activated"), project.get("project.activations"), project.get("project.refused"),
                project.get("latency.refused"), project.get("latency.calls"));
        if (nodes > 1) {
            StringBuilder rss = new StringBuilder();
            for (int i = 0; i < nodesRssKb.length; i++) {
                rss.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "node-%d %d MiB (VmRSS %d kB)", i + 1,
                        nodesRssKb[i] / 1024, nodesRssKb[i]));
            }
            System.out.printf(Locale.ROOT, "application RSS after the run: %s%n", rss);
            System.out.printf(Locale.ROOT, "%d nodes, cores of each (node-1,node-2...): throughput round %s, at %s/s %s,"
                            + " at %s/s %s%n", nodes, project.get("project.node-cores"), project.get("latency.rate"),
                    project.get("latency.node-cores"), project.getOr("latency-high.rate", "-"),
                    project.getOr("latency-high.node-cores", "-"));
        } else {
            System.out.printf(Locale.ROOT, "application RSS after the run: %d MiB (VmRSS %d kB)%n", rssKb / 1024, rssKb);
        }
        System.out.printf(Locale.ROOT, "chart: %s%n", folder.resolve("bench.png"));
        String nodesField = nodes > 1 ? " nodes=" + nodes : "";
        if (!postgres) {
            System.out.printf(Locale.ROOT, "activations/s: project=%.0f bare-engine=%.0f ratio=%.2f p99-ms=%.1f"
                            + " async-lag-p99-ms=%.0f%s%n", projectRate, bareRate, ratio,
                    project.number("latency.p99-ms"), project.number("lag.p99-ms"), nodesField);
            return;
        }
        System.out.printf(Locale.ROOT, "at %s/s: project p50 %.1f ms p99 %.1f ms (%.2f cores), bare engine p50 %.1f ms"
                        + " p99 %.1f ms (%.2f cores, in-JVM starts); p99 project/bare=%.2f%n",
                project.get("latency.rate"), project.number("latency.p50-ms"), project.number("latency.p99-ms"),
                project.number("latency.app-cores"), bare.number("bare.paced.p50-ms"),
                bare.number("bare.paced.p99-ms"), bare.number("bare.paced.cores"),
                project.number("latency.p99-ms") / bare.number("bare.paced.p99-ms"));
        System.out.printf(Locale.ROOT, "at %s/s: project p50 %.1f ms p99 %.1f ms max %.1f ms, %s refused of %s,"
                        + " async lag p99 %.0f ms (%.2f cores)%n", project.get("latency-high.rate"),
                project.number("latency-high.p50-ms"), project.number("latency-high.p99-ms"),
                project.number("latency-high.max-ms"), project.get("latency-high.refused"),
                project.get("latency-high.calls"), project.number("latency-high.lag-p99-ms"),
                project.number("latency-high.app-cores"));
        for (String side : new String[] {"project", "bare"}) {
            Results figures = side.equals("project") ? project : bare;
            System.out.printf(Locale.ROOT, "PostgreSQL, %s: %s commits/activation=%.2f tuples-written/activation=%.1f"
                            + " history-bytes/activation=%.0f backend-active-ms/activation=%.2f"
                            + " idle-in-transaction-ms/activation=%.2f%n",
                    side.equals("project") ? "project" : "bare engine",
                    PgStats.statementsText(figures.number(side + ".pg.statements-per-activation"),
                            figures.number(side + ".pg.round-trips-per-activation")),
                    figures.number(side + ".pg.commits-per-activation"),
                    figures.number(side + ".pg.tuples-written-per-activation"),
                    figures.number(side + ".pg.history-bytes-per-activation"),
                    figures.number(side + ".pg.active-ms-per-activation"),
                    figures.number(side + ".pg.idle-in-transaction-ms-per-activation"));
        }
        System.out.printf(Locale.ROOT, "activations/s: project=%.0f bare-engine=%.0f ratio=%.2f p99-ms=%.1f"
                        + " bare-p99-ms=%.1f p99-300-ms=%.1f async-lag-p99-ms=%.0f%s%n", projectRate, bareRate, ratio,
                project.number("latency.p99-ms"), bare.number("bare.paced.p99-ms"),
                project.number("latency-high.p99-ms"), project.number("lag.p99-ms"), nodesField);
    }

    private static List<double[]> readCsv(Path file) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file).subList(1, Files.readAllLines(file).size())) {
            String[] f = line.split(",", -1);
            rows.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                    f[2].isEmpty() ? Double.NaN : Double.parseDouble(f[2])});
        }
        return rows;
    }

    private static void chart(Path file, Results bare, Results project, List<double[]> rows, long rssKb,
            String conditions, double latencyTarget) throws Exception {
        BufferedImage image = new BufferedImage(3 * PANEL_W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), H);

        throughputPanel(g, 0, bare, project);
        TreeMap<Integer, List<Double>> latencyBySecond = new TreeMap<>();
        TreeMap<Integer, List<Double>> lagBySecond = new TreeMap<>();
        for (double[] row : rows) {
            int second = (int) (row[0] / 1000);
            latencyBySecond.computeIfAbsent(second, s -> new ArrayList<>()).add(row[1]);
            if (!Double.isNaN(row[2])) {
                lagBySecond.computeIfAbsent(second, s -> new ArrayList<>()).add(row[2]);
            }
        }
        seriesPanel(g, PANEL_W, String.format(Locale.ROOT, "HTTP latency at %s calls/s (p99 %.1f ms)",
                project.get("latency.rate"), project.number("latency.p99-ms")), latencyBySecond, latencyTarget, "ms");
        seriesPanel(g, 2 * PANEL_W, String.format(Locale.ROOT, "Async lag: answer to service opened (p99 %.0f ms)",
                project.number("lag.p99-ms")), lagBySecond, 1000, "ms");

        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "%s   application CPU in the paced phase: %.2f cores"
                + "   application RSS after the run: %d MiB", conditions, project.number("latency.app-cores"),
                rssKb / 1024), 12, H - 10);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void throughputPanel(Graphics2D g, int x0, Results bare, Results project) {
        title(g, x0, String.format(Locale.ROOT, "Activations/s, %s callers (higher is better)",
                project.get("project.threads")));
        double[][] values = {
            {project.number("project.accepted-per-s"), bare.number("bare.started-per-s")},
            {project.number("project.completed-per-s"), bare.number("bare.completed-per-s")}};
        String[] groups = {"accepted / started", "completed (service opened)"};
        double max = 0;
        for (double[] v : values) {
            max = Math.max(max, Math.max(v[0], v[1]));
        }
        max = niceCeiling(max * 1.1);
        int left = x0 + 60;
        int right = x0 + PANEL_W - 20;
        int top = 50;
        int bottom = H - 70;
        axes(g, left, right, top, bottom, max, "/s");
        int groupW = (right - left) / 2;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                int barW = groupW / 3;
                int bx = left + i * groupW + groupW / 6 + j * barW;
                int by = (int) (bottom - (bottom - top) * values[i][j] / max);
                g.setColor(j == 0 ? PROJECT : BARE);
                g.fillRect(bx, by, barW - 6, bottom - by);
                g.setColor(Color.BLACK);
                g.drawString(String.format(Locale.ROOT, "%.0f", values[i][j]), bx + 4, by - 4);
            }
            g.drawString(groups[i], left + i * groupW + groupW / 6, bottom + 16);
        }
        legend(g, left + 10, top + 10, new String[] {"project (HTTP, signed, full logic)", "bare engine (no-op delegates)"},
                new Color[] {PROJECT, BARE});
    }

    private static void seriesPanel(Graphics2D g, int x0, String title, TreeMap<Integer, List<Double>> bySecond,
            double target, String unit) {
        title(g, x0, title);
        double max = target * 1.2;
        List<double[]> points = new ArrayList<>();
        for (var entry : bySecond.entrySet()) {
            double[] values = entry.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double p50 = Stats.percentile(values, 50);
            double p99 = Stats.percentile(values, 99);
            points.add(new double[] {entry.getKey(), p50, p99});
            max = Math.max(max, p99 * 1.1);
        }
        max = niceCeiling(max);
        int left = x0 + 60;
        int right = x0 + PANEL_W - 20;
        int top = 50;
        int bottom = H - 70;
        axes(g, left, right, top, bottom, max, unit);
        int seconds = Math.max(1, bySecond.isEmpty() ? 1 : bySecond.lastKey() + 1);
        g.setColor(Color.BLACK);
        g.drawString("seconds into the paced phase (0.." + seconds + ")", left + 80, bottom + 16);
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        int ty = (int) (bottom - (bottom - top) * target / max);
        g.drawLine(left, ty, right, ty);
        g.drawString("target " + (int) target + " " + unit, right - 90, ty - 4);
        for (int series = 1; series <= 2; series++) {
            g.setColor(series == 1 ? new Color(0x2ca02c) : PROJECT);
            g.setStroke(new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (double[] p : points) {
                int x = left + (int) ((right - left) * (p[0] + 0.5) / seconds);
                int y = (int) (bottom - (bottom - top) * p[series] / max);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 2, y - 2, 5, 5);
                px = x;
                py = y;
            }
        }
        g.setStroke(new BasicStroke(1f));
        legend(g, left + 10, top + 10, new String[] {"p50 per second", "p99 per second"},
                new Color[] {new Color(0x2ca02c), PROJECT});
    }

    private static void title(Graphics2D g, int x0, String text) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(text, x0 + 20, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static void axes(Graphics2D g, int left, int right, int top, int bottom, double max, String unit) {
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (bottom - top) * i / 5;
            g.drawLine(left, y, right, y);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, top, left, bottom);
        g.drawLine(left, bottom, right, bottom);
        for (int i = 0; i <= 5; i++) {
            int y = bottom - (bottom - top) * i / 5;
            g.drawString(String.format(Locale.ROOT, "%.0f", max * i / 5), left - 45, y + 4);
        }
        g.drawString(unit, left - 45, top - 10);
    }

    private static void legend(Graphics2D g, int x, int y, String[] names, Color[] colors) {
        for (int i = 0; i < names.length; i++) {
            g.setColor(colors[i]);
            g.fillRect(x, y + i * 18, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 18, y + i * 18 + 11);
        }
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(value, 1))));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
