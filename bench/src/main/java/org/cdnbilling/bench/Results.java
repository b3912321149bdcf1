package org.cdnbilling.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.TreeMap;

/** The figures of one phase, kept as a properties file in the results folder. */
public final class Results {

    private final Properties values = new Properties();

    public Results put(String name, Object value) {
        values.setProperty(name, String.valueOf(value));
        return this;
    }

    public String get(String name) {
        String value = values.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("no figure " + name);
        }
        return value;
    }

    /** The figure, or {@code fallback} where this phase did not measure it. */
    public String getOr(String name, String fallback) {
        return values.getProperty(name, fallback);
    }

    public double number(String name) {
        return Double.parseDouble(get(name));
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(text.toString());
        }
    }

    public static Results read(Path file) throws IOException {
        Results results = new Results();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            results.values.load(in);
        }
        return results;
    }
}
