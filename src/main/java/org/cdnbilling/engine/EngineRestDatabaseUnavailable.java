package org.cdnbilling.engine;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.cdnbilling.api.ErrorDialects;
import org.cdnbilling.persistence.DatabaseUnavailable;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.spi.ExtendedExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.stereotype.Component;

/**
 * The engine REST API answers a failure because the database is unavailable ({@link DatabaseUnavailable#isCause})
 * with 503, {@code Retry-After} and Camunda's own error dialect
 * ({@code {"type":"ServiceUnavailableException","message":...}}), where Camunda's exception mappers answer 500
 * (or, where a resource wraps the failure in a {@link RestException}, that exception's status).
 * <p>
 * Jersey's public extension point: one {@link ExtendedExceptionMapper} for each exception type Camunda maps
 * ({@code Throwable}, {@code ProcessEngineException}, {@code RestException}), registered with a higher priority
 * (lower number) than Camunda's, so that at the same distance Jersey asks this one first; it takes only what
 * {@link #isMappable} says is an outage and leaves everything else to Camunda's mappers.
 */
@Component
class EngineRestDatabaseUnavailable implements ResourceConfigCustomizer {

    /**
     * The {@code Retry-After} of the Jersey applications Spring does not configure (Camunda's webapps' own APIs
     * under {@code /camunda/api}, see {@link WebappApisDatabaseUnavailable}): set from the settings at start-up.
     */
    static volatile String webappRetryAfter = "10";

    /** Ahead of Camunda's mappers, which have Jersey's default priority (5000, {@code Priorities.USER}). */
    private static final int PRIORITY = 100;
    private static final Logger log = LoggerFactory.getLogger(EngineRestDatabaseUnavailable.class);

    private final ErrorDialects dialects;

    EngineRestDatabaseUnavailable(ErrorDialects dialects) {
        this.dialects = dialects;
        webappRetryAfter = dialects.retryAfterSeconds();
    }

    @Override
    public void customize(ResourceConfig config) {
        register(config, dialects::retryAfterSeconds);
    }

    /** The three mappers, into a Jersey application's configuration. */
    static void register(jakarta.ws.rs.core.Configurable<?> config, Supplier<String> retryAfter) {
        config.register(new AnyFailure(retryAfter), PRIORITY);
        config.register(new EngineFailure(retryAfter), PRIORITY);
        config.register(new RestFailure(retryAfter), PRIORITY);
    }

    private abstract static class Mapper<E extends Throwable> implements ExtendedExceptionMapper<E> {

        private final Supplier<String> retryAfter;

        Mapper(Supplier<String> retryAfter) {
            this.retryAfter = retryAfter;
        }

        @Override
        public boolean isMappable(E exception) {
            return DatabaseUnavailable.isCause(exception);
        }

        @Override
        public Response toResponse(E exception) {
            log.warn("Database unavailable: Camunda's REST API answered 503: {}", exception.toString());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", ErrorDialects.CAMUNDA_UNAVAILABLE_TYPE);
            body.put("message", ErrorDialects.DATABASE_UNAVAILABLE);
            return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, retryAfter.get())
                    .type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
        }
    }

    static final class AnyFailure extends Mapper<Throwable> {
        AnyFailure(Supplier<String> retryAfter) {
            super(retryAfter);
        }
    }

    static final class EngineFailure extends Mapper<ProcessEngineException> {
        EngineFailure(Supplier<String> retryAfter) {
            super(retryAfter);
        }
    }

    static final class RestFailure extends Mapper<RestException> {
        RestFailure(Supplier<String> retryAfter) {
            super(retryAfter);
        }
    }
}
