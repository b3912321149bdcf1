package org.cdnbilling.engine;

import jakarta.ws.rs.core.FeatureContext;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * The same 503 as {@link EngineRestDatabaseUnavailable} for the REST APIs of Camunda's webapps under {@code
 * /camunda/api} (Cockpit's, Admin's, Tasklist's, Welcome's, and the engine API they call), which Camunda builds as
 * Jersey applications of its own that Spring does not configure: Jersey's auto-discovery (this class is listed in
 * {@code META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}) adds the mappers to every
 * Jersey application of the service that does not have them yet.
 */
public final class WebappApisDatabaseUnavailable implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(EngineRestDatabaseUnavailable.AnyFailure.class)) {
            return;   // the engine REST API: registered by EngineRestDatabaseUnavailable
        }
        EngineRestDatabaseUnavailable.register(context, () -> EngineRestDatabaseUnavailable.webappRetryAfter);
    }
}
