package org.cdnbilling.persistence;

import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A page of a list read by key: rows of one owner with a key above the previous page's last, in key order, read
 * with one row more than the page holds ({@link #rowsToRead(int)}) to know whether more follow. {@code nextAfter}
 * is the page's last key while more rows follow (read on after it), empty on the last page.
 */
public record KeysetPage<T>(List<T> rows, OptionalLong nextAfter) {

    public KeysetPage {
        rows = List.copyOf(rows);
    }

    /** The row limit of the query for a page of {@code limit} rows: one more. */
    public static long rowsToRead(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one row: " + limit);
        }
        return limit + 1L;
    }

    /** The page of {@code limit} rows out of {@code read}, the rows a query limited to {@link #rowsToRead} found. */
    public static <T> KeysetPage<T> of(List<T> read, int limit, ToLongFunction<? super T> key) {
        if (read.size() <= limit) {
            return new KeysetPage<>(read, OptionalLong.empty());
        }
        List<T> rows = read.subList(0, limit);
        return new KeysetPage<>(rows, OptionalLong.of(key.applyAsLong(rows.get(limit - 1))));
    }

    public boolean more() {
        return nextAfter.isPresent();
    }

    /** The same page with each row mapped (for its view), the key to read on after unchanged. */
    public <R> KeysetPage<R> map(Function<? super T, ? extends R> mapping) {
        return new KeysetPage<>(rows.stream().<R>map(mapping).toList(), nextAfter);
    }
}
