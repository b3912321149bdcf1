package org.cdnbilling.ledger.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.ledger.Ledger;
import org.cdnbilling.ledger.LedgerConflictException;
import org.cdnbilling.ledger.Posting;
import org.cdnbilling.ledger.UnknownAccountException;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * An account's ledger for operators (HTTP Basic, operator users): top-ups, credited once per reference, and
 * the entries that made the balance.
 */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts/{ownerId}")
class LedgerAdminController {

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

    /** The entries, oldest first; the latest one's balanceAfter is the account's balance. */
    @GetMapping("/ledger")
    List<LedgerEntryView> entries(@PathVariable @Positive long ownerId) {
        if (!accounts.existsById(ownerId)) {
            throw new UnknownAccountException(ownerId);
        }
        return ledger.entries(ownerId).stream().map(LedgerEntryView::of).toList();
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
