package org.cdnbilling.accesskey.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.cdnbilling.accesskey.AccessKeyService;
import org.cdnbilling.accesskey.IssuedAccessKey;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.admin.AdminPages;
import org.cdnbilling.persistence.KeysetPage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

/** The AccessKeys of an account: issue (the secret is shown once), list, disable and enable. */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts/{ownerId}/access-keys")
class AccessKeyAdminController {

    private static final String DEFAULT_LIMIT = "100";
    private static final long MAX_LIMIT = 1_000;

    private final AccessKeyService keys;

    AccessKeyAdminController(AccessKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedAccessKey issue(@PathVariable @Positive long ownerId) {
        return keys.issue(ownerId).orElseThrow(() -> noAccount(ownerId));
    }

    /**
     * Up to {@code limit} keys (default 100, at most 1,000) issued after the key {@code after} names, in the order
     * issued; a {@code Link rel="next"} while more follow ({@code after} is the database's number of the page's last
     * key, as the link gives it).
     */
    @GetMapping
    ResponseEntity<List<AccessKeyView>> list(@PathVariable @Positive long ownerId,
            @RequestParam(defaultValue = "0") @PositiveOrZero long after,
            @RequestParam(defaultValue = DEFAULT_LIMIT) @Min(1) @Max(MAX_LIMIT) long limit) {
        KeysetPage<AccessKeyView> page = keys.keysOf(ownerId, after, (int) limit).map(AccessKeyView::of);
        return AdminPages.ok(page, limit, UriComponentsBuilder.fromPath("/admin/accounts/{ownerId}/access-keys"),
                ownerId).body(page.rows());
    }

    @PatchMapping("/{accessKeyId}")
    AccessKeyView changeStatus(@PathVariable @Positive long ownerId, @PathVariable String accessKeyId,
            @RequestBody @Valid AccessKeyStatusChange change) {
        return keys.changeStatus(ownerId, accessKeyId, change.status()).map(AccessKeyView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "Account " + ownerId + " has no access key " + accessKeyId));
    }

    private static ResponseStatusException noAccount(long ownerId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No account with OwnerId " + ownerId);
    }
}
