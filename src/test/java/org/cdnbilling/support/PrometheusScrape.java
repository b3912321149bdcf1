package org.cdnbilling.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus} (text format), read as a monitoring system reads it. */
public record PrometheusScrape(List<Sample> samples) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A scrape as the demo operator (the metrics need a login: a monitoring user or an operator). */
    public static PrometheusScrape of(HttpTestClient client) {
        HttpTestClient.Reply reply = client.admin("GET", "/actuator/prometheus", null, "demo", "demo");
        if (reply.status() != 200) {
            throw new IllegalStateException("/actuator/prometheus answered " + reply.status());
        }
        return parse(reply.raw().body());
    }

    static PrometheusScrape parse(String text) {
        return new PrometheusScrape(text.lines().filter(line -> !line.startsWith("#"))
                .map(LINE::matcher).filter(Matcher::find)
                .map(m -> new Sample(m.group(1), labels(m.group(3)), Double.parseDouble(m.group(4))))
                .toList());
    }

    /** Whether a series of this name exists. */
    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The value of the one series with this name and (at least) these labels; 0 if there is none. */
    public double value(String name, String... labelPairs) {
        Map<String, String> wanted = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.put(labelPairs[i], labelPairs[i + 1]);
        }
        List<Sample> matching = samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet())).toList();
        if (matching.size() > 1) {
            throw new IllegalStateException("Several series match " + name + wanted + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.get(0).value();
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text != null) {
            Matcher m = LABEL.matcher(text);
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
        }
        return labels;
    }
}
