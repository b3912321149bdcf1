package org.cdnbilling.metering.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.cdnbilling.metering.SampleProblem;
import org.cdnbilling.metering.SampleProblems;
import org.cdnbilling.metering.UsageSample;
import org.cdnbilling.rating.Region;

/**
 * Reads {@code {"samples":[{"ownerId":1010,"region":"CN","start":"2026-12-01T05:05:00Z","bytes":1,"peakBps":8}]}}
 * as a stream (no tree of 10,000 objects), sample by sample: a sample with a missing, unknown or mistyped field
 * becomes a {@link SampleProblem} naming its index, and reading goes on, so that one answer lists the first
 * {@value SampleProblems#LISTED} and counts the rest ({@link SampleProblems}: nothing grows with the body but the
 * samples, at most {@code cdn.metering.max-samples-per-batch}).
 */
final class UsageBatchParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Set<String> FIELDS = Set.of("ownerId", "region", "start", "bytes", "peakBps");

    /** The body is not a JSON object of the documented shape; nothing more precise can be said. */
    static final class MalformedBatchException extends RuntimeException {
        MalformedBatchException(String message) {
            super(message);
        }
    }

    /** More samples than one batch may carry. */
    static final class BatchTooLargeException extends RuntimeException {
        BatchTooLargeException(int limit) {
            super("A batch carries at most " + limit + " samples; split it");
        }
    }

    record ParsedBatch(List<UsageSample> samples, SampleProblems problems) {
    }

    private UsageBatchParser() {
    }

    static ParsedBatch parse(InputStream body, int maxSamples) throws IOException {
        try (JsonParser json = JSON.createParser(body)) {
            expect(json.nextToken() == JsonToken.START_OBJECT, "The body must be a JSON object {\"samples\":[...]}");
            List<UsageSample> samples = null;
            SampleProblems problems = new SampleProblems();
            for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
                expect(token == JsonToken.FIELD_NAME && "samples".equals(json.currentName()) && samples == null,
                        "The body has one field, samples");
                expect(json.nextToken() == JsonToken.START_ARRAY, "samples must be an array");
                samples = new ArrayList<>();
                for (int index = 0; json.nextToken() != JsonToken.END_ARRAY; index++) {
                    if (index == maxSamples) {
                        throw new BatchTooLargeException(maxSamples);
                    }
                    UsageSample sample = sample(json, index, problems);
                    samples.add(sample);
                }
            }
            expect(samples != null, "The body must have samples");
            expect(json.nextToken() == null, "Nothing may follow the JSON object");
            return new ParsedBatch(samples, problems);
        } catch (JsonParseException e) {
            throw new MalformedBatchException("The body is not valid JSON");
        }
    }

    /** The sample the parser is at (a sample whose fields are all well-typed), or null with its problems noted. */
    private static UsageSample sample(JsonParser json, int index, SampleProblems problems) throws IOException {
        if (json.currentToken() != JsonToken.START_OBJECT) {
            json.skipChildren();
            problems.add(new SampleProblem(index, "a sample must be a JSON object"));
            return null;
        }
        Long ownerId = null;
        Region region = null;
        Instant start = null;
        Long bytes = null;
        Long peakBps = null;
        Set<String> given = new HashSet<>();
        int before = problems.total();
        for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
            String field = json.currentName();
            JsonToken value = json.nextToken();
            switch (field) {
                case "ownerId" -> ownerId = count(json, value, index, field, 1, Long.MAX_VALUE, problems);
                case "region" -> region = region(json, value, index, problems);
                case "start" -> start = start(json, value, index, problems);
                case "bytes" -> bytes = count(json, value, index, field, 0, UsageSample.MAX_BYTES, problems);
                case "peakBps" -> peakBps = count(json, value, index, field, 0, UsageSample.MAX_PEAK_BPS, problems);
                default -> {
                    json.skipChildren();
                    problems.add(new SampleProblem(index, "unknown field " + field));
                }
            }
            if (FIELDS.contains(field)) {
                given.add(field);
            }
        }
        missing(ownerId, "ownerId", index, problems, given);
        missing(region, "region", index, problems, given);
        missing(start, "start", index, problems, given);
        missing(bytes, "bytes", index, problems, given);
        missing(peakBps, "peakBps", index, problems, given);
        if (problems.total() > before) {
            return null;
        }
        return new UsageSample(ownerId, region, start, bytes, peakBps);
    }

    /** An integer in [min, max]; the bounds of bytes and peakBps are docs/billing.md's "Bounds of a sample". */
    private static Long count(JsonParser json, JsonToken value, int index, String field, long min, long max,
            SampleProblems problems) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && json.getLongValue() >= min && json.getLongValue() <= max) {
            return json.getLongValue();
        }
        json.skipChildren();
        problems.add(new SampleProblem(index, field + (max == Long.MAX_VALUE ? " must be an integer of " + min
                + " or more" : " must be an integer from " + min + " to " + max)));
        return null;
    }

    private static Region region(JsonParser json, JsonToken value, int index, SampleProblems problems)
            throws IOException {
        Region region = value == JsonToken.VALUE_STRING ? Region.fromWire(json.getText()).orElse(null) : null;
        if (region == null) {
            json.skipChildren();
            problems.add(new SampleProblem(index, "region must be one of CN AP1 AP2 AP3 NA SA EU MEAA"));
        }
        return region;
    }

    private static Instant start(JsonParser json, JsonToken value, int index, SampleProblems problems)
            throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            String text = json.getText();
            if (text.endsWith("Z")) {
                try {
                    return instant(text);
                } catch (DateTimeException e) {
                    // answered below
                }
            }
        }
        json.skipChildren();
        problems.add(new SampleProblem(index, "start must be a UTC instant such as 2026-12-01T05:05:00Z"));
        return null;
    }

    /**
     * {@link Instant#parse}, read directly in its usual form {@code 2026-12-01T05:05:00Z} (a tenth of the time:
     * 10,000 of them a batch); any other form (fractions, no seconds, a leap second, a bad date) goes to
     * {@link Instant#parse} itself, so the same texts are taken and refused as before.
     */
    static Instant instant(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L
                        + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    /** The decimal number of {@code length} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String text, int from, int length) {
        int value = 0;
        for (int i = from; i < from + length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A field not given at all (one given with a bad value has its problem noted already). */
    private static void missing(Object value, String field, int index, SampleProblems problems, Set<String> given) {
        if (value == null && !given.contains(field)) {
            problems.add(new SampleProblem(index, field + " is missing"));
        }
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new MalformedBatchException(message);
        }
    }
}
