package org.cdnbilling.processversion.web;

import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.processversion.AdoptionRequest;
import org.cdnbilling.processversion.ProcessVersionAdoption;
import org.cdnbilling.processversion.ProcessVersionsView;
import org.cdnbilling.processversion.UnknownProcessVersionException;
import org.cdnbilling.processversion.VersionNotRunnableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Which process versions the cluster starts and runs (operators only): {@code GET} per shipped key what this node
 * ships, starts and does not run; {@code PUT} adopts the newest definition of a versionTag; {@code DELETE}
 * withdraws the adoption (README, Changing a process).
 */
@RestController
@AdminApi
@RequestMapping("/admin/process-versions")
class ProcessVersionAdminController {

    private final ProcessVersionAdoption adoption;

    ProcessVersionAdminController(ProcessVersionAdoption adoption) {
        this.adoption = adoption;
    }

    @GetMapping
    List<ProcessVersionsView> list() {
        return adoption.list();
    }

    @PutMapping("/{processKey}")
    ProcessVersionsView adopt(@PathVariable String processKey, @RequestBody @Valid AdoptionRequest request,
            Principal operator) {
        return adoption.adopt(processKey, request.versionTag(), operator.getName());
    }

    @DeleteMapping("/{processKey}")
    ProcessVersionsView withdraw(@PathVariable String processKey, Principal operator) {
        return adoption.withdraw(processKey, operator.getName());
    }

    @ExceptionHandler(UnknownProcessVersionException.class)
    ProblemDetail unknown(UnknownProcessVersionException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(VersionNotRunnableException.class)
    ProblemDetail notRunnable(VersionNotRunnableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("missing", e.missing());
        return problem;
    }
}
