package org.cdnbilling.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What this node starts and whose jobs it runs, by the rule of README "Changing a process": per shipped process key
 * it starts the definition it ships, or the one the operator adopted ({@code process_version_adoption}) while that
 * one's version is higher; its job executor runs the deployments of the shipped definition and every older version
 * of the key ({@link ShippedProcesses}) and of every adopted definition, withdrawn ones included (instances may
 * still be on them). Any other registered deployment holding a definition of a shipped key is unregistered: a
 * version deployed from Camunda Modeler through the engine REST API, which Camunda registers on the node that
 * received the call, changes nothing until an operator adopts it. A release's own deployments
 * ({@link ShippedProcesses#isReleaseDeployment}) are left to the release's nodes, which register them at start-up.
 * <p>
 * Applied at start-up after the shipped diagrams are deployed ({@link ProcessDeployment}), after an adoption on this
 * node, and every {@code cdn.engine.process-versions-refresh} ({@link ProcessVersionsRefresh}).
 */
@Component
public class ProcessVersions {

    private static final Logger log = LoggerFactory.getLogger(ProcessVersions.class);

    private final ShippedProcesses shipped;
    private final ProcessVersionAdoptions adoptions;
    private final Map<String, Boolean> timerStarts = new ConcurrentHashMap<>();
    private final Set<String> warnedTimers = ConcurrentHashMap.newKeySet();
    private volatile Map<String, ProcessDefinition> starts = Map.of();
    private volatile Set<String> runs = Set.of();

    public ProcessVersions(ShippedProcesses shipped, ProcessVersionAdoptions adoptions) {
        this.shipped = shipped;
        this.adoptions = adoptions;
    }

    /** The id of the definition this node starts new instances of the key on. */
    public String startDefinitionId(String key) {
        return startDefinition(key).getId();
    }

    public ProcessDefinition startDefinition(String key) {
        ProcessDefinition adopted = starts.get(key);
        return adopted != null ? adopted : shipped.definition(key);
    }

    /** Whether this node's job executor runs the jobs of the deployment (as of the last {@link #apply}). */
    public boolean runs(String deploymentId) {
        return runs.contains(deploymentId);
    }

    /** Reads the adoptions, resolves what this node starts and registers exactly the deployments it runs. */
    public synchronized void apply(ProcessEngine engine) {
        RepositoryService repository = engine.getRepositoryService();
        ManagementService management = engine.getManagementService();
        List<ProcessVersionAdoption> rows = adoptions.all();
        Map<String, ProcessDefinition> resolved = new LinkedHashMap<>();
        Map<String, ProcessDefinition> latest = new LinkedHashMap<>();
        Set<String> run = new TreeSet<>();
        Set<String> ofShippedKeys = new TreeSet<>();
        for (String key : shipped.keys()) {
            ProcessDefinition own = shipped.definition(key);
            Map<String, ProcessDefinition> versions = new LinkedHashMap<>();
            for (ProcessDefinition definition : repository.createProcessDefinitionQuery().processDefinitionKey(key)
                    .orderByProcessDefinitionVersion().asc().list()) {
                versions.put(definition.getId(), definition);
                ofShippedKeys.add(definition.getDeploymentId());
                if (definition.getVersion() <= own.getVersion()) {
                    run.add(definition.getDeploymentId());
                }
                latest.put(key, definition);
            }
            ProcessDefinition start = own;
            for (ProcessVersionAdoption adoption : rows) {
                ProcessDefinition adopted = versions.get(adoption.definitionId());
                if (!adoption.processKey().equals(key) || adopted == null) {
                    continue;
                }
                run.add(adopted.getDeploymentId());
                if (adoption.active() && adopted.getVersion() > start.getVersion()) {
                    start = adopted;
                }
            }
            resolved.put(key, start);
        }
        if (!ids(resolved).equals(ids(starts))) {
            log.info("This node starts {}", resolved.values().stream().map(ProcessVersions::describe).toList());
        }
        starts = Map.copyOf(resolved);
        runs = Set.copyOf(run);
        register(repository, management, run, ofShippedKeys);
        warnOfTimersNotRun(repository, latest.values(), run);
    }

    private static void register(RepositoryService repository, ManagementService management, Set<String> run,
            Set<String> ofShippedKeys) {
        Set<String> registered = Set.copyOf(management.getRegisteredDeployments());
        List<String> added = new ArrayList<>();
        for (String deploymentId : run) {
            if (!registered.contains(deploymentId)) {
                management.registerDeploymentForJobExecutor(deploymentId);
                added.add(deploymentId);
            }
        }
        List<String> removed = new ArrayList<>();
        for (String deploymentId : new TreeSet<>(registered)) {
            if (run.contains(deploymentId) || !ofShippedKeys.contains(deploymentId)) {
                continue;
            }
            Deployment deployment = repository.createDeploymentQuery().deploymentId(deploymentId).singleResult();
            if (deployment != null && !ShippedProcesses.isReleaseDeployment(deployment)) {
                management.unregisterDeploymentForJobExecutor(deploymentId);
                removed.add(deploymentId + " (" + deployment.getName() + ", source " + deployment.getSource() + ")");
            }
        }
        if (!added.isEmpty()) {
            log.info("Job executor now also runs the jobs of deployments {} (shipped or adopted)", added);
        }
        if (!removed.isEmpty()) {
            log.info("Job executor no longer runs the jobs of deployments {}: neither shipped nor adopted (README, "
                    + "Changing a process)", removed);
        }
    }

    /**
     * The latest version of a process with a timer start event holds its timer (Camunda keeps the timer start job
     * of the latest version only): if this node does not run it and no release deployed it (a Modeler deployment),
     * the schedule stops here (the billing runs): a WARN once per such version.
     */
    private void warnOfTimersNotRun(RepositoryService repository, Iterable<ProcessDefinition> latest,
            Set<String> run) {
        for (ProcessDefinition definition : latest) {
            if (run.contains(definition.getDeploymentId()) || !hasTimerStart(repository, definition)
                    || !warnedTimers.add(definition.getId())) {
                continue;
            }
            Deployment deployment = repository.createDeploymentQuery().deploymentId(definition.getDeploymentId())
                    .singleResult();
            if (deployment != null && ShippedProcesses.isReleaseDeployment(deployment)) {
                continue; // a newer release's: its nodes run the timer (README, Which node runs which version's jobs)
            }
            log.warn("{}, the latest version, holds the timer start job of {} and no rule here runs its jobs "
                    + "(deployment {} \"{}\", source {}, neither shipped nor adopted): no instance of {} starts by its "
                    + "timer. Adopt it (PUT /admin/process-versions/{} {\"versionTag\":\"{}\"}) or delete its "
                    + "deployment (the shipped version's timer comes back)", describe(definition),
                    definition.getKey(), definition.getDeploymentId(), deployment == null ? null : deployment.getName(),
                    deployment == null ? null : deployment.getSource(), definition.getKey(), definition.getKey(),
                    definition.getVersionTag());
        }
    }

    private boolean hasTimerStart(RepositoryService repository, ProcessDefinition definition) {
        return timerStarts.computeIfAbsent(definition.getId(), id -> repository.getBpmnModelInstance(id)
                .getModelElementsByType(StartEvent.class).stream()
                .filter(start -> start.getParentElement() instanceof Process)
                .anyMatch(start -> start.getEventDefinitions().stream()
                        .anyMatch(TimerEventDefinition.class::isInstance)));
    }

    private static Map<String, String> ids(Map<String, ProcessDefinition> definitions) {
        Map<String, String> ids = new LinkedHashMap<>();
        definitions.forEach((key, definition) -> ids.put(key, definition.getId()));
        return ids;
    }

    private static String describe(ProcessDefinition definition) {
        return definition.getKey() + " v" + definition.getVersion() + " (versionTag " + definition.getVersionTag()
                + ", " + definition.getId() + ")";
    }
}
