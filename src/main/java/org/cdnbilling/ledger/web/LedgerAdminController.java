package org.cdnbilling.ledger.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.admin.AdminPages;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.ledger.LedgerConflictException;
import org.cdnbilling.ledger.Posting;
import org.cdnbilling.ledger.UnknownAccountException;
import org.cdnbilling.persistence.KeysetPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An account's ledger for operators (HTTP Basic, operator users): top-ups, credited once per reference, and
 * the entries that made the balance, a page at a time.
 */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts/{ownerId}")
class LedgerAdminController {

    private static final String DEFAULT_LIMIT = "1000";
    private static final long MAX_LIMIT = 10_000;

    private final Ledger ledger;
    private final Accounts accounts;

    LedgerAdminController(Ledger ledger, Accounts accounts) {
        this.ledger = ledger;
        this.accounts = accounts;
    }

    /** 201 with the new entry; the same request again 200 with the same entry. */
    @PostMapping("/top-ups")
    ResponseEntity<LedgerEntryView> topUp(@PathVariable @Positive long ownerId,
            @RequestBody @Valid TopUpRequest request) {
        Posting posting = ledger.topUpOnce(ownerId, request.cents(), request.reference());
        return ResponseEntity.status(posting.posted() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(LedgerEntryView.of(posting.entry()));
    }

    /**
     * Up to {@code limit} entries with an id above {@code after}, oldest first; when more follow, a {@code Link}
     * header (RFC 8288) {@code rel="next"} to the next page. The last page's last entry's balanceAfter is the
     * account's balance. {@code limit} is read as a long so that one too large for an int is refused naming the
     * range, not as a mistyped parameter.
     */
    @GetMapping("/ledger")
    ResponseEntity<List<LedgerEntryView>> entries(@PathVariable @Positive long ownerId,
            @RequestParam(defaultValue = "0") @PositiveOrZero long after,
            @RequestParam(defaultValue = DEFAULT_LIMIT) @Min(1) @Max(MAX_LIMIT) long limit) {
        if (!accounts.existsById(ownerId)) {
            throw new UnknownAccountException(ownerId);
        }
        KeysetPage<LedgerEntryView> page = ledger.entries(ownerId, after, (int) limit).map(LedgerEntryView::of);
        return AdminPages.ok(page, limit, UriComponentsBuilder.fromPath("/admin/accounts/{ownerId}/ledger"), ownerId)
                .body(page.rows());
    }

    @ExceptionHandler(UnknownAccountException.class)
    ProblemDetail unknownAccount(UnknownAccountException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** The reference is taken by another entry: 409 naming it, nothing changed. */
    @ExceptionHandler(LedgerConflictException.class)
    ProblemDetail referenceTaken(LedgerConflictException e) {
        var entry = e.existing();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Reference "
                + entry.reference() + " is already used by ledger entry " + entry.id() + " (" + entry.kind() + " of "
                + entry.amount().toPlainString() + "); nothing was changed");
        problem.setProperty("entry", LedgerEntryView.of(entry));
        return problem;
    }
}
