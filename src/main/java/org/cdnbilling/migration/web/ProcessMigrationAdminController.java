package org.cdnbilling.migration.web;

import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.migration.MigratingProcessInstanceValidationException;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.migration.ActivityMappings;
import org.cdnbilling.migration.InvalidMigrationRequestException;
import org.cdnbilling.migration.MigrationNotRunnableHereException;
import org.cdnbilling.migration.MigrationNotValidException;
import org.cdnbilling.migration.MigrationPreview;
import org.cdnbilling.migration.MigrationRequest;
import org.cdnbilling.migration.MigrationsStarted;
import org.cdnbilling.migration.ProcessMigrations;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Migrating running process instances to another version (operators only): {@code GET} previews the plan per
 * source version and changes nothing; {@code POST} runs it, 202 with the Camunda batch of each source, or 409 with
 * the preview of the sources that cannot be migrated as planned, nothing started.
 */
@RestController
@AdminApi
@RequestMapping("/admin/process-migrations")
class ProcessMigrationAdminController {

    private final ProcessMigrations migrations;

    ProcessMigrationAdminController(ProcessMigrations migrations) {
        this.migrations = migrations;
    }

    @GetMapping
    MigrationPreview preview(@RequestParam String processKey,
            @RequestParam(required = false) String targetVersionTag,
            @RequestParam(required = false) String map,
            @RequestParam(required = false) List<Integer> sourceVersions) {
        return migrations.preview(processKey, targetVersionTag, ActivityMappings.parse(map), sourceVersions);
    }

    @PostMapping
    ResponseEntity<MigrationsStarted> migrate(@RequestBody @Valid MigrationRequest request, Principal operator) {
        MigrationsStarted started = migrations.migrate(request, operator.getName());
        return ResponseEntity.status(started.migrations().isEmpty() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(started);
    }

    @ExceptionHandler(InvalidMigrationRequestException.class)
    ProblemDetail invalid(InvalidMigrationRequestException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(MigrationNotValidException.class)
    ProblemDetail notValid(MigrationNotValidException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setProperty("processKey", e.processKey());
        problem.setProperty("sources", e.invalidSources());
        return problem;
    }

    /** The source's or target's jobs would not run on this node (deployment-aware job executor): 409. */
    @ExceptionHandler(MigrationNotRunnableHereException.class)
    ProblemDetail notRunnableHere(MigrationNotRunnableHereException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** Instances that changed while the migration started (ended, suspended): 409, nothing was started. */
    @ExceptionHandler(BadUserRequestException.class)
    ProblemDetail changedMeanwhile(BadUserRequestException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "Camunda refused the migration ("
                + e.getMessage() + "); nothing was migrated, preview again");
    }

    /** An instance that Camunda refuses to migrate by the plan (checked as the suspended ones migrate): 409. */
    @ExceptionHandler(MigratingProcessInstanceValidationException.class)
    ProblemDetail instanceNotMigratable(MigratingProcessInstanceValidationException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage() + "; nothing was migrated");
    }
}
