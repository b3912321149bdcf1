package org.cdnbilling.accesskey.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.cdnbilling.accesskey.AccessKeyService;
import org.cdnbilling.accesskey.IssuedAccessKey;
import org.cdnbilling.admin.AdminApi;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The AccessKeys of an account: issue (the secret is shown once), list, disable and enable. */
@RestController
@AdminApi
@Validated
@RequestMapping("/admin/accounts/{ownerId}/access-keys")
class AccessKeyAdminController {

    private final AccessKeyService keys;

    AccessKeyAdminController(AccessKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedAccessKey issue(@PathVariable @Positive long ownerId) {
        return keys.issue(ownerId).orElseThrow(() -> noAccount(ownerId));
    }

    @GetMapping
    List<AccessKeyView> list(@PathVariable @Positive long ownerId) {
        return keys.keysOf(ownerId).stream().map(AccessKeyView::of).toList();
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
