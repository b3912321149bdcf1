package org.cdnbilling.metering.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.cdnbilling.admin.AdminApi;
import org.cdnbilling.metering.IngestResult;
import org.cdnbilling.metering.MeteringSettings;
import org.cdnbilling.metering.SampleProblems;
import org.cdnbilling.metering.UsageBatchRejectedException;
import org.cdnbilling.metering.UsageConflictException;
import org.cdnbilling.metering.UsageIngestion;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/usage}: the metering pipeline's 5-minute samples, in batches of up to
 * {@code cdn.metering.max-samples-per-batch}. Answers {@code {"accepted":n,"duplicates":m}}; a bad batch
 * answers 400 listing the first {@value SampleProblems#LISTED} problems ({@code errors}) and counting the rest
 * ({@code moreErrors}), a conflicting one 409 ({@code conflicts}, {@code moreConflicts}), one of too many samples
 * 413, and stores nothing. A body over {@code cdn.http.max-body-size} is 413 too, before it is read whole.
 */
@RestController
@AdminApi
@RequestMapping("/admin/usage")
class UsageAdminController {

    private final UsageIngestion ingestion;
    private final MeteringSettings settings;

    UsageAdminController(UsageIngestion ingestion, MeteringSettings settings) {
        this.ingestion = ingestion;
        this.settings = settings;
    }

    @PostMapping
    IngestResult post(HttpServletRequest request) throws IOException {
        UsageBatchParser.ParsedBatch batch = UsageBatchParser.parse(request.getInputStream(),
                settings.maxSamplesPerBatch());
        return ingestion.ingest(batch.samples(), batch.problems());
    }

    @ExceptionHandler(UsageBatchRejectedException.class)
    ProblemDetail invalid(UsageBatchRejectedException e) {
        return withSamples(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getMessage() + "; nothing of the batch was stored"), "errors", e.problems());
    }

    @ExceptionHandler(UsageConflictException.class)
    ProblemDetail conflict(UsageConflictException e) {
        return withSamples(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                e.getMessage() + "; samples are never changed, nothing of the batch was stored"), "conflicts",
                e.conflicts());
    }

    @ExceptionHandler(UsageBatchParser.MalformedBatchException.class)
    ProblemDetail malformed(UsageBatchParser.MalformedBatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(UsageBatchParser.BatchTooLargeException.class)
    ProblemDetail tooLarge(UsageBatchParser.BatchTooLargeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    /** {@code name}: the first problems; {@code more<Name>}: how many more there are. */
    private static ProblemDetail withSamples(ProblemDetail problem, String name, SampleProblems samples) {
        problem.setProperty(name, samples.listed());
        problem.setProperty("more" + Character.toUpperCase(name.charAt(0)) + name.substring(1), samples.unlisted());
        return problem;
    }
}
