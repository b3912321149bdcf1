package org.cdnbilling.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API's paged lists read as an operator's client reads them: a page, its rows (decimals exact) and the
 * root-relative URL its {@code Link rel="next"} header names, followed to the last page.
 *
 * @param field the member of the answer that holds the page's rows ({@code "bills"}), or null where the answer is
 *        the page's JSON array (the ledger, the access keys)
 */
public record PagedLists(HttpTestClient client, String field) {

    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    private static final int MOST_PAGES = 1000;

    /** One page: its rows and the URL of the next one (its Link rel="next"), null on the last page. */
    public record Page(List<Map<String, Object>> rows, String next) {
    }

    /** The page at a URL (operator demo/demo); fails unless it answers 200 with a well-formed Link, if any. */
    public Page page(String url) {
        HttpTestClient.Reply reply = client.admin("GET", url, null, "demo", "demo");
        assertThat(reply.status()).as(url + ": " + reply.raw().body()).isEqualTo(200);
        String link = reply.header("Link");
        String next = null;
        if (link != null) {
            Matcher matcher = NEXT.matcher(link);
            assertThat(matcher.matches()).as("Link: " + link).isTrue();
            next = matcher.group(1);
        }
        try {
            if (field == null) {
                return new Page(EXACT.readValue(reply.raw().body(), new TypeReference<List<Map<String, Object>>>() { }),
                        next);
            }
            Map<String, Object> body = EXACT.readValue(reply.raw().body(),
                    new TypeReference<Map<String, Object>>() { });
            assertThat(body.get(field)).as(url + ": " + reply.raw().body()).isInstanceOf(List.class);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) body.get(field);
            return new Page(rows, next);
        } catch (IOException e) {
            throw new UncheckedIOException(reply.raw().body(), e);
        }
    }

    /** The page at a URL and every page after it, following the Link headers. */
    public List<Page> pages(String url) {
        List<Page> pages = new ArrayList<>();
        for (Page page = page(url); ; page = page(page.next())) {
            pages.add(page);
            if (page.next() == null) {
                return pages;
            }
            assertThat(pages).as("pages of " + url).hasSizeLessThan(MOST_PAGES);
        }
    }

    /** Every row of the list from a URL on, page after page. */
    public List<Map<String, Object>> all(String url) {
        return pages(url).stream().flatMap(page -> page.rows().stream()).toList();
    }

    /** The list at a URL refuses it: 400, a problem detail whose detail is {@code detail} (a bad parameter named). */
    public void assertRefused(String url, String detail) {
        HttpTestClient.Reply reply = client.admin("GET", url, null, "demo", "demo");
        assertThat(reply.status()).as(url + ": " + reply.raw().body()).isEqualTo(400);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat((String) reply.field("detail")).isEqualTo(detail);
    }

    /** A row's {@code id} (ledger entries, bills). */
    public static long id(Map<String, Object> row) {
        return ((Number) row.get("id")).longValue();
    }
}
