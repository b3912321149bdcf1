package org.cdnbilling.activation;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Incident;
import org.cdnbilling.metrics.ClusterGauge;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code cdn_orders_stuck}: activations whose retries ran out, i.e. the open failed-job incidents of
 * {@code cdn-activation}, as Cockpit lists them, for the whole cluster (org.cdnbilling.metrics).
 */
@Configuration(proxyBeanMethods = false)
class StuckOrdersGauge {

    static final String NAME = "cdn.orders.stuck";

    @Bean
    ClusterGauge stuckOrders(ObjectProvider<RuntimeService> runtime) {
        return new ClusterGauge(NAME, "Activations stuck with an incident (retries used up)",
                () -> runtime.getObject().createIncidentQuery()
                        .processDefinitionKeyIn(ActivationProcess.PROCESS_KEY)
                        .incidentType(Incident.FAILED_JOB_HANDLER_TYPE)
                        .count());
    }
}
