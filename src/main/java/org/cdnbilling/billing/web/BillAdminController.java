package org.cdnbilling.billing.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.admin.AdminPages;
import org.cdnbilling.billing.BillQueries;
import org.cdnbilling.persistence.KeysetPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /admin/accounts/{ownerId}/bills?from=&to=&after=&limit=}: the account's bills whose period starts in
 * [from, to) (UTC instants, ISO 8601, at most 366 days apart), each with its lines, tiers and ledger entry, a page
 * at a time: up to {@code limit} (default 100, at most 1,000: a bill has a line per region, 8 at most) with an id
 * above {@code after}, in id order, and a {@code Link rel="next"} while more follow.
 */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts/{ownerId}/bills")
class BillAdminController {

    static final Duration LONGEST_SPAN = Duration.ofDays(366);
    private static final String DEFAULT_LIMIT = "100";
    private static final long MAX_LIMIT = 1_000;

    private final BillQueries bills;
    private final Accounts accounts;

    BillAdminController(BillQueries bills, Accounts accounts) {
        this.bills = bills;
        this.accounts = accounts;
    }

    record BillsView(long ownerId, Instant from, Instant to, List<BillQueries.BillView> bills) {
    }

    @GetMapping
    ResponseEntity<BillsView> list(@PathVariable @Positive long ownerId, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(defaultValue = "0") @PositiveOrZero long after,
            @RequestParam(defaultValue = DEFAULT_LIMIT) @Min(1) @Max(MAX_LIMIT) long limit) {
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw new BadPeriodException("from must be before to");
        }
        if (Duration.between(start, end).compareTo(LONGEST_SPAN) > 0) {
            throw new BadPeriodException("from and to may be at most 366 days apart");
        }
        if (!accounts.existsById(ownerId)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No account with OwnerId " + ownerId);
        }
        KeysetPage<BillQueries.BillView> page = bills.bills(ownerId, start, end, after, (int) limit);
        return AdminPages.ok(page, limit, UriComponentsBuilder.fromPath("/admin/accounts/{ownerId}/bills")
                .queryParam("from", start).queryParam("to", end), ownerId)
                .body(new BillsView(ownerId, start, end, page.rows()));
    }

    @ExceptionHandler(BadPeriodException.class)
    ProblemDetail badPeriod(BadPeriodException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadPeriodException(name + " is required: an ISO 8601 instant such as 2026-12-01T00:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadPeriodException(name + " must be an ISO 8601 instant such as 2026-12-01T00:00:00Z, not '"
                    + value + "'");
        }
    }

    static final class BadPeriodException extends RuntimeException {
        BadPeriodException(String message) {
            super(message);
        }
    }
}
