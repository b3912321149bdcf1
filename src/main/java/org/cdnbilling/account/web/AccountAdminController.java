package org.cdnbilling.account.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.cdnbilling.account.AccountConflictException;
import org.cdnbilling.account.BalanceChangeRefusedException;
import org.cdnbilling.account.AccountSync;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.order.Orders;
import org.cdnbilling.overdue.Debts;
import org.cdnbilling.overdue.LowBalance;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Account sync for the account centre and operators (HTTP Basic, operator users). */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts")
class AccountAdminController {

    private final AccountSync sync;
    private final Accounts accounts;
    private final CdnServiceInstances services;
    private final Orders orders;
    private final Debts debts;
    private final LowBalance lowBalance;

    AccountAdminController(AccountSync sync, Accounts accounts, CdnServiceInstances services, Orders orders,
            Debts debts, LowBalance lowBalance) {
        this.sync = sync;
        this.accounts = accounts;
        this.services = services;
        this.orders = orders;
        this.debts = debts;
        this.lowBalance = lowBalance;
    }

    @PutMapping("/{ownerId}")
    ResponseEntity<AccountView> put(@PathVariable @Positive long ownerId,
            @RequestBody @Valid AccountSyncRequest request) {
        boolean created = sync.createOrUpdate(ownerId, request.toProfile());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(view(ownerId));
    }

    /** A conflict with another account or a concurrent request: 409, nothing stored, not a server failure. */
    @ExceptionHandler(AccountConflictException.class)
    ProblemDetail conflict(AccountConflictException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Another balance for an existing account: 400, nothing stored; the message names the top-up endpoint. */
    @ExceptionHandler(BalanceChangeRefusedException.class)
    ProblemDetail balanceChangeRefused(BalanceChangeRefusedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @GetMapping("/{ownerId}")
    AccountView get(@PathVariable @Positive long ownerId) {
        return view(ownerId);
    }

    private AccountView view(long ownerId) {
        var account = accounts.findById(ownerId).orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No account with OwnerId " + ownerId));
        return AccountView.of(account, services.findByOwnerId(ownerId).orElse(null),
                orders.findByOwnerIdOrderByCreatedAtAsc(ownerId), debts.latest(ownerId).orElse(null),
                lowBalance.isLow(ownerId));
    }
}
