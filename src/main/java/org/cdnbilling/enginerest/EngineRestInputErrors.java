package org.cdnbilling.enginerest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.exception.NullValueException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.ExceptionHandler;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.cdnbilling.persistence.DatabaseUnavailable;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bad input to the engine REST API is a 400 in Camunda's own JSON dialect ({@code {"type", "message", "code"}})
 * without Java class names, and logs nothing above DEBUG; the engine's faults stay Camunda's answers. Registered
 * with the starter's Jersey application through Spring Boot's {@link ResourceConfigCustomizer}, after Camunda's
 * own providers, which these take precedence over ({@link Priority}: a lower value wins among mappers of the
 * same exception type):
 * <ul>
 * <li>a body of JSON {@code null} where every endpoint takes an object or an array (Camunda's resources
 * dereference it: a {@code NullPointerException}, 500);</li>
 * <li>a body that is not JSON, or JSON of the wrong shape (Camunda answered Jackson's message as plain text,
 * naming its DTO classes);</li>
 * <li>{@code POST /condition} when no conditional start event matches (the engine's {@code ENGINE-13043}, which
 * Camunda answers 500);</li>
 * <li>a request naming something that does not exist where the engine checks its arguments
 * ({@code NullValueException}, e.g. a membership of a user that does not exist, which Camunda answers 500);</li>
 * <li>any other 4xx Camunda answers keeps its status and type, but not a Java class name at the start of its
 * message (as {@code POST /message} for a message nothing waits for put it).</li>
 * </ul>
 * A 5xx stays Camunda's answer and is logged at ERROR here (Camunda logs it at WARN, and the engine no longer logs
 * the failing command itself: {@code enable-cmd-exception-logging} in application.yml).
 */
@Component
class EngineRestInputErrors implements ResourceConfigCustomizer {

    private static final Logger log = LoggerFactory.getLogger(EngineRestInputErrors.class);

    /** The engine's "No subscriptions were found during evaluation of the conditional start events". */
    static final String NO_CONDITIONAL_START_MATCHED = "ENGINE-13043";

    private static final String INVALID_REQUEST = "InvalidRequestException";
    private static final Pattern LEADING_CLASS_NAME = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    @Override
    public void customize(org.glassfish.jersey.server.ResourceConfig config) {
        config.register(NullBodyFilter.class);
        config.register(JsonParseMapper.class);
        config.register(JsonMappingMapper.class);
        config.register(EngineExceptionMapper.class);
        config.register(RestExceptionMapper.class);
        config.register(AnyExceptionMapper.class);
    }

    /** Camunda's answer to a fault, logged at ERROR; its 4xx without a leading class name. */
    static Response answered(Response camunda, Throwable e) {
        if (camunda.getStatus() >= 500) {
            log.error("Engine REST API request failed", e);
        }
        return withoutClassName(camunda);
    }

    static Response badRequest(String message) {
        ExceptionDto dto = new ExceptionDto();
        dto.setType(INVALID_REQUEST);
        dto.setMessage(message);
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(dto).build();
    }

    /** Camunda's answer, with a leading Java class name taken off the message of a 4xx. */
    static Response withoutClassName(Response camunda) {
        if (camunda.getStatus() >= 400 && camunda.getStatus() < 500 && camunda.getEntity() instanceof ExceptionDto dto
                && dto.getMessage() != null) {
            dto.setMessage(LEADING_CLASS_NAME.matcher(dto.getMessage()).replaceFirst(""));
        }
        return camunda;
    }

    /** Refuses a request whose whole body is JSON {@code null}, before a resource dereferences it. */
    @Priority(1)
    static final class NullBodyFilter implements ContainerRequestFilter {

        private static final int PEEK = 64;

        @Override
        public void filter(ContainerRequestContext request) throws IOException {
            if (!request.hasEntity() || !MediaType.APPLICATION_JSON_TYPE.isCompatible(request.getMediaType())) {
                return;
            }
            InputStream body = new BufferedInputStream(request.getEntityStream(), PEEK + 1);
            body.mark(PEEK + 1);
            byte[] start = body.readNBytes(PEEK + 1);
            body.reset();
            request.setEntityStream(body);
            if (start.length <= PEEK && new String(start, StandardCharsets.UTF_8).strip().equals("null")) {
                request.abortWith(badRequest("The request body must be a JSON object or array, not null"));
            }
        }
    }

    @Priority(1)
    static final class JsonParseMapper implements ExceptionMapper<JsonParseException> {
        @Override
        public Response toResponse(JsonParseException e) {
            return badRequest("The request body is not well-formed JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    @Priority(1)
    static final class JsonMappingMapper implements ExceptionMapper<JsonMappingException> {
        @Override
        public Response toResponse(JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return badRequest(path.isEmpty()
                    ? "The request body is not of the shape this endpoint takes"
                    : "The request body has a value of the wrong type at " + path);
        }
    }

    /**
     * Leaves a database outage to {@code org.cdnbilling.engine.EngineRestDatabaseUnavailable} (503), which Jersey
     * asks next: these mappers are preferred for their priority, so they must decline it.
     */
    abstract static class NotAnOutage<E extends Throwable> implements ExtendedExceptionMapper<E> {

        @Override
        public boolean isMappable(E exception) {
            return !DatabaseUnavailable.isCause(exception);
        }
    }

    @Priority(1)
    static final class EngineExceptionMapper extends NotAnOutage<ProcessEngineException> {

        private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

        @Override
        public Response toResponse(ProcessEngineException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(NO_CONDITIONAL_START_MATCHED)) {
                return badRequest("No conditional start event matches the given variables");
            }
            if (e instanceof NullValueException) {
                // a required value or object the request names is missing (a membership of a user that does
                // not exist, ...): the engine's argument check, which Camunda answers 500
                return badRequest(e.getMessage());
            }
            return answered(camunda.toResponse(e), e);
        }
    }

    @Priority(1)
    static final class RestExceptionMapper extends NotAnOutage<RestException> {

        private final RestExceptionHandler camunda = new RestExceptionHandler();

        @Override
        public Response toResponse(RestException e) {
            return answered(camunda.toResponse(e), e);
        }
    }

    /** Everything else Camunda's catch-all answers ({@code ExceptionHandler}: a 500 unless it is a JAX-RS status). */
    @Priority(1)
    static final class AnyExceptionMapper extends NotAnOutage<Throwable> {

        private final ExceptionHandler camunda = new ExceptionHandler();

        @Override
        public Response toResponse(Throwable e) {
            return answered(camunda.toResponse(e), e);
        }
    }
}
