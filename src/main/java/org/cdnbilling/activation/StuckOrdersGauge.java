package org.cdnbilling.activation;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code cdn_orders_stuck}: activations whose retries ran out, i.e. the open failed-job incidents of
 * {@code cdn-activation}, as Cockpit lists them. Counted in the database at each scrape, so every node
 * reports the same number for the whole cluster.
 */
@Component
class StuckOrdersGauge implements MeterBinder {

    static final String NAME = "cdn.orders.stuck";

    private final ObjectProvider<RuntimeService> runtime;

    StuckOrdersGauge(ObjectProvider<RuntimeService> runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, this, StuckOrdersGauge::count)
                .description("Activations stuck with an incident (retries used up), all nodes together")
                .strongReference(true)
                .register(registry);
    }

    private double count() {
        return runtime.getObject().createIncidentQuery()
                .processDefinitionKeyIn(ActivationProcess.PROCESS_KEY)
                .incidentType(Incident.FAILED_JOB_HANDLER_TYPE)
                .count();
    }
}
