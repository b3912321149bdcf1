package org.cdnbilling.bench.pgwire;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.List;

/**
 * Reads the frontend messages of one connection (after its startup packet) as they pass through the proxy, in
 * whatever pieces the socket delivers them, and counts them into {@link StatementCounts}:
 * <ul>
 * <li>simple Query ({@code 'Q'}): one execution for each statement of its text (split at semicolons outside
 * quotes and comments);</li>
 * <li>extended protocol: Parse ({@code 'P'}) gives a prepared statement (named, or the unnamed one, which each
 * Parse replaces) its SQL text; Bind ({@code 'B'}) binds a portal to a prepared statement; Execute
 * ({@code 'E'}) counts one execution of the bound statement's text (a portal executed again to fetch more rows
 * counts once); Close ({@code 'C'}) forgets a statement or portal.</li>
 * <li>round trips: each Sync ({@code 'S'}) ends one (pgjdbc sends a batch as several Bind/Execute and one
 * Sync: one round trip); a simple Query is one of its own, except pgjdbc's transaction preamble: a
 * {@code BEGIN} (or {@code BEGIN READ ONLY}) Query followed directly by extended-protocol messages, which pgjdbc
 * sends without waiting for BEGIN's answer (one round trip with the statement's Sync, not two; seen by holding
 * the server's answers back in the proxy: the statement's messages came before BEGIN's answer had been
 * forwarded). The timing alone cannot tell it: the server often answers BEGIN before the next messages arrive.</li>
 * </ul>
 * Only the start of each message body is kept (its names and SQL text, up to {@link #SQL_LIMIT} bytes), in one
 * buffer reused for every message; parameter values are skipped. Not thread-safe: one per connection.
 */
final class FrontendStream {

    /** SQL text kept of a Parse or Query; a longer one is counted under its first {@code SQL_LIMIT} bytes. */
    static final int SQL_LIMIT = 64 * 1024;
    /** What a Bind, Execute or Close needs: its names. */
    private static final int NAMES_LIMIT = 1024;
    static final String UNKNOWN = "(a statement the proxy did not see prepared)";

    private final StatementCounts counts;
    private final Map<String, LongAdder> prepared = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private LongAdder unnamedStatement;
    private final Portal unnamedPortal = new Portal();

    private final byte[] header = new byte[5];
    private int headerFill;
    private byte type;
    private int remaining;
    private int limit;
    private byte[] body = new byte[512];
    private int bodyFill;
    private boolean broken;
    /** The last message was a BEGIN Query: a round trip of its own unless extended-protocol messages follow. */
    private boolean pendingBegin;

    /** A portal: the counter of its statement's text, and whether it was executed since it was bound. */
    private static final class Portal {
        LongAdder statement;
        boolean executed;
    }

    FrontendStream(StatementCounts counts) {
        this.counts = counts;
    }

    /** The next bytes the client sent (already forwarded to the server). */
    void feed(byte[] bytes, int offset, int length) {
        int end = offset + length;
        while (!broken && offset < end) {
            if (headerFill == 0 && pendingBegin) {
                pendingBegin = false;
                byte next = bytes[offset];
                if (next != 'P' && next != 'B' && next != 'D' && next != 'E') {
                    counts.roundTrip();
                }
            }
            if (headerFill < header.length) {
                int n = Math.min(header.length - headerFill, end - offset);
                System.arraycopy(bytes, offset, header, headerFill, n);
                headerFill += n;
                offset += n;
                if (headerFill < header.length) {
                    return;
                }
                type = header[0];
                remaining = ((header[1] & 0xff) << 24 | (header[2] & 0xff) << 16 | (header[3] & 0xff) << 8
                        | (header[4] & 0xff)) - 4;
                if (remaining < 0) {
                    // not the protocol this reads: stop counting, keep forwarding
                    broken = true;
                    return;
                }
                limit = switch (type) {
                    case 'Q', 'P' -> SQL_LIMIT;
                    case 'B', 'E', 'C' -> NAMES_LIMIT;
                    default -> 0;
                };
                bodyFill = 0;
                if (remaining == 0) {
                    complete();
                    continue;
                }
            }
            int n = Math.min(remaining, end - offset);
            int keep = Math.min(n, limit - bodyFill);
            if (keep > 0) {
                if (bodyFill + keep > body.length) {
                    byte[] larger = new byte[Math.min(limit, Math.max(body.length * 2, bodyFill + keep))];
                    System.arraycopy(body, 0, larger, 0, bodyFill);
                    body = larger;
                }
                System.arraycopy(bytes, offset, body, bodyFill, keep);
                bodyFill += keep;
            }
            offset += n;
            remaining -= n;
            if (remaining == 0) {
                complete();
            }
        }
    }

    /** The connection ended: a BEGIN Query still undecided was its last round trip. */
    void ended() {
        if (pendingBegin) {
            pendingBegin = false;
            counts.roundTrip();
        }
    }

    private void complete() {
        headerFill = 0;
        switch (type) {
            case 'Q' -> simpleQuery();
            case 'P' -> parse();
            case 'B' -> bind();
            case 'E' -> execute();
            case 'C' -> close();
            case 'S' -> counts.roundTrip();
            default -> {
            }
        }
    }

    private void simpleQuery() {
        List<String> statements = SqlText.statements(text(0, StandardCharsets.UTF_8));
        for (String statement : statements) {
            counts.executed(counts.counter(statement));
        }
        if (statements.size() == 1 && SqlText.isBegin(statements.get(0))) {
            pendingBegin = true;
        } else {
            counts.roundTrip();
        }
    }

    private void parse() {
        int nameEnd = end(0);
        String name = string(0, nameEnd);
        LongAdder counter = counts.counter(text(nameEnd + 1, StandardCharsets.UTF_8));
        if (name.isEmpty()) {
            unnamedStatement = counter;
        } else {
            prepared.put(name, counter);
        }
    }

    private void bind() {
        int portalEnd = end(0);
        int statementEnd = end(portalEnd + 1);
        LongAdder statement = statementEnd <= portalEnd + 1 ? unnamedStatement
                : prepared.get(string(portalEnd + 1, statementEnd));
        Portal portal = portalEnd == 0 ? unnamedPortal
                : portals.computeIfAbsent(string(0, portalEnd), name -> new Portal());
        portal.statement = statement;
        portal.executed = false;
    }

    private void execute() {
        int portalEnd = end(0);
        Portal portal = portalEnd == 0 ? unnamedPortal : portals.get(string(0, portalEnd));
        if (portal == null || portal.statement == null) {
            counts.executed(counts.counter(UNKNOWN));
        } else if (!portal.executed) {
            portal.executed = true;
            counts.executed(portal.statement);
        }
    }

    private void close() {
        if (bodyFill < 1) {
            return;
        }
        String name = string(1, end(1));
        if (body[0] == 'S') {
            if (name.isEmpty()) {
                unnamedStatement = null;
            } else {
                prepared.remove(name);
            }
        } else if (body[0] == 'P' && !name.isEmpty()) {
            portals.remove(name);
        }
    }

    /** Where the C string starting at {@code from} ends (its terminating zero, or the end of what was kept). */
    private int end(int from) {
        int i = Math.min(from, bodyFill);
        while (i < bodyFill && body[i] != 0) {
            i++;
        }
        return i;
    }

    private String string(int from, int to) {
        return new String(body, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    private String text(int from, Charset charset) {
        int to = end(from);
        return from >= bodyFill ? "" : new String(body, from, to - from, charset);
    }
}
