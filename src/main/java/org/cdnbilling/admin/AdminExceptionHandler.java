package org.cdnbilling.admin;

import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.stream.Collectors;
import org.cdnbilling.api.ErrorDialects;
import org.cdnbilling.api.RequestBodyTooLargeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Clear 400s (RFC 9457 problem details) for bad JSON or values sent to the admin API. Ahead of Spring Boot's
 * own problem details handler ({@code spring.mvc.problemdetails}, order 0), which would answer the same
 * exceptions with a generic "Failed to read request" or "Invalid request content". A body that passes
 * {@code cdn.http.max-body-size} as it is read is 413. (A database that is unavailable is 503, answered by
 * {@code org.cdnbilling.api.DatabaseUnavailableFilter} for every API.)
 */
@RestControllerAdvice(annotations = AdminApi.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminExceptionHandler {

    private final ErrorDialects dialects;

    AdminExceptionHandler(ErrorDialects dialects) {
        this.dialects = dialects;
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalidBody(MethodArgumentNotValidException e) {
        String detail = e.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + " " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadableBody(HttpMessageNotReadableException e) {
        if (RequestBodyTooLargeException.isCause(e)) {
            return bodyTooLarge();
        }
        String detail = "The body must be a JSON object of the documented fields";
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = field + " has a value of the wrong type or an unknown field was sent";
            if (mapping.getCause() instanceof IllegalArgumentException reason) {
                detail = field + ": " + reason.getMessage();
            }
        }
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    /** The body passed {@code cdn.http.max-body-size} while it was read (a streamed body without a length). */
    @ExceptionHandler(RequestBodyTooLargeException.class)
    ProblemDetail bodyTooLarge() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(413), dialects.tooLargeDetail());
        problem.setTitle("Content Too Large");
        return problem;
    }

    /**
     * A path variable or query parameter violating its constraint ({@code @Positive}, {@code @Min}, ...), checked by
     * the controller's {@code @Validated} proxy or by Spring MVC: each named with the constraint's message.
     */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail invalidParameter(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(violation -> lastNode(violation.getPropertyPath()) + " " + violation.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ProblemDetail invalidParameter(HandlerMethodValidationException e) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> result.getMethodParameter().getParameterName() + " "
                                + error.getDefaultMessage()))
                .sorted()
                .collect(Collectors.joining("; "));
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    }

    /** A path variable or query parameter that is not of its type ({@code ownerId=abc}, {@code limit=1.5}). */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mistypedParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        boolean integral = type != null && (type == long.class || type == int.class || type == Long.class
                || type == Integer.class);
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.getName() + (integral ? " must be an integer" : " has a value of the wrong type"));
    }

    private static String lastNode(Path path) {
        String name = null;
        for (Path.Node node : path) {
            name = node.getName();
        }
        return name;
    }
}
