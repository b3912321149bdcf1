package org.cdnbilling.bench.pgwire;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link PgWireCounter} counted up to one moment: connections opened, statements executed, round trips
 * (a Sync or a simple query each) and executions per SQL text.
 */
public record WireCounts(long connections, long executes, long roundTrips, Map<String, Long> statements) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The counts of the proxy whose control address ({@code /counts}) is {@code url}. */
    public static WireCounts fetch(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + url + ": " + response.statusCode());
        }
        return JSON.readValue(response.body(), WireCounts.class);
    }

    String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    /** What was counted between {@code before} and this (texts not executed in between left out). */
    public WireCounts since(WireCounts before) {
        Map<String, Long> counted = new LinkedHashMap<>();
        statements.forEach((sql, n) -> {
            long delta = n - before.statements.getOrDefault(sql, 0L);
            if (delta > 0) {
                counted.put(sql, delta);
            }
        });
        return new WireCounts(connections - before.connections, executes - before.executes,
                roundTrips - before.roundTrips, counted);
    }

    /**
     * Executions per text on one line ({@link SqlText#oneLine}, texts that differ only in white space merged),
     * most executed first.
     */
    public Map<String, Long> byText() {
        Map<String, Long> merged = new LinkedHashMap<>();
        statements.forEach((sql, n) -> merged.merge(SqlText.oneLine(sql), n, Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        merged.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /**
     * The {@code top} most executed texts, one a line, each line starting with {@code prefix}: executions divided
     * by {@code per} (per activation; 1 for plain counts) and the text cut at {@code width} characters.
     */
    public String table(String prefix, double per, int top, int width) {
        StringBuilder text = new StringBuilder();
        Map<String, Long> texts = byText();
        texts.entrySet().stream().limit(top).forEach(e -> text.append(prefix)
                .append(per == 1 ? String.format(Locale.ROOT, "%9d", e.getValue())
                        : String.format(Locale.ROOT, "%9.3f", e.getValue() / per))
                .append("  ").append(cut(e.getKey(), width)).append('\n'));
        if (texts.size() > top) {
            long rest = texts.values().stream().skip(top).mapToLong(Long::longValue).sum();
            text.append(prefix).append(per == 1 ? String.format(Locale.ROOT, "%9d", rest)
                    : String.format(Locale.ROOT, "%9.3f", rest / per))
                    .append("  (").append(texts.size() - top).append(" other texts)\n");
        }
        return text.toString();
    }

    private static String cut(String line, int width) {
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }
}
