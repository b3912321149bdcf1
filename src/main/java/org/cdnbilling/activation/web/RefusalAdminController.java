package org.cdnbilling.activation.web;

import org.cdnbilling.activation.ActivationRefusals;
import org.cdnbilling.activation.ActivationRefusals.Refusal;
import org.cdnbilling.admin.AdminApi;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /admin/refusals/{requestId}}: a refused {@code OpenCdnService} call by the RequestId its caller got,
 * for as long as its compact record is kept ({@code cdn.retention.refusals}, 30 days); its whole engine history
 * is in Cockpit for the first day only (docs/history-retention.md).
 */
@RestController
@AdminApi
class RefusalAdminController {

    private final ActivationRefusals refusals;

    RefusalAdminController(ActivationRefusals refusals) {
        this.refusals = refusals;
    }

    @GetMapping("/admin/refusals/{requestId}")
    Refusal refusal(@PathVariable String requestId) {
        return refusals.find(requestId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No refused OpenCdnService call with RequestId " + requestId + " is kept"));
    }
}
