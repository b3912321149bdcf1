package org.cdnbilling.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.Incident;

/**
 * What the engine holds of the instances a migration test moves, read through its public API: the definition an
 * instance is on, its incident, the definitions its activities ran on, and the latest definition of a key.
 */
final class MigratedInstances {

    private final RuntimeService runtime;
    private final HistoryService history;
    private final RepositoryService repository;

    MigratedInstances(ProcessEngine engine) {
        this.runtime = engine.getRuntimeService();
        this.history = engine.getHistoryService();
        this.repository = engine.getRepositoryService();
    }

    String definitionOf(String instance) {
        return runtime.createProcessInstanceQuery().processInstanceId(instance).singleResult().getProcessDefinitionId();
    }

    /** The instance's incident, null while it has none. */
    Incident incident(String instance) {
        return runtime.createIncidentQuery().processInstanceId(instance).singleResult();
    }

    /** The definitions that the instance's runs of the activity belonged to, one per run. */
    List<String> ranOn(String instance, String activityId) {
        return history.createHistoricActivityInstanceQuery().processInstanceId(instance).activityId(activityId).list()
                .stream().map(HistoricActivityInstance::getProcessDefinitionId).toList();
    }

    ProcessDefinition latest(String processKey) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(processKey).latestVersion()
                .singleResult();
    }

    /**
     * Asserts that the migration left nothing on the old definition and moved the instance to the target with the
     * incident it had ({@code before}: the same incident, now of the target, at the same activity); that incident.
     */
    Incident assertMovedWithIncident(String instance, String oldDefinition, Incident before, ProcessDefinition target) {
        assertThat(runtime.createProcessInstanceQuery().processDefinitionId(oldDefinition).count())
                .as("left on the old definition").isZero();
        assertThat(definitionOf(instance)).isEqualTo(target.getId());
        Incident after = incident(instance);
        assertThat(after).as("the incident of %s", instance).isNotNull();
        assertThat(after.getId()).as("the incident stays with its job").isEqualTo(before.getId());
        assertThat(after.getProcessDefinitionId()).isEqualTo(target.getId());
        assertThat(after.getActivityId()).isEqualTo(before.getActivityId());
        return after;
    }
}
