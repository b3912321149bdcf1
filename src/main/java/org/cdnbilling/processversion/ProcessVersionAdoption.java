package org.cdnbilling.processversion;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.cdnbilling.engine.DiagramRequirements;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ProcessVersionAdoptions;
import org.cdnbilling.engine.ProcessVersions;
import org.cdnbilling.engine.ShippedProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The operator's switch of README "Changing a process": adopting a definition of a shipped process key (the newest
 * with a versionTag, e.g. a hotfix deployed from Camunda Modeler) makes every node start new instances of the key on
 * it while its version is higher than the shipped one, and run its jobs; withdrawing it makes them start on the
 * shipped version again (instances on it still run). Refused before anything changes when the key is not shipped,
 * no definition has the versionTag, or the diagram names a delegate, bean or class this node lacks.
 */
@Service
public class ProcessVersionAdoption {

    private static final Logger log = LoggerFactory.getLogger(ProcessVersionAdoption.class);

    private final ShippedProcesses shipped;
    private final ProcessVersions versions;
    private final ProcessVersionAdoptions adoptions;
    private final DiagramRequirements requirements;
    private final ProcessDeploymentLock lock;
    private final ProcessEngine engine;
    private final Clock clock;

    ProcessVersionAdoption(ShippedProcesses shipped, ProcessVersions versions, ProcessVersionAdoptions adoptions,
            DiagramRequirements requirements, ProcessDeploymentLock lock, ProcessEngine engine, Clock clock) {
        this.shipped = shipped;
        this.versions = versions;
        this.adoptions = adoptions;
        this.requirements = requirements;
        this.lock = lock;
        this.engine = engine;
        this.clock = clock;
    }

    public List<ProcessVersionsView> list() {
        return shipped.keys().stream().map(this::view).toList();
    }

    public ProcessVersionsView adopt(String key, String versionTag, String operator) {
        requireShipped(key);
        RepositoryService repository = engine.getRepositoryService();
        ProcessDefinition definition = newest(repository, key, versionTag);
        String what = key + " v" + definition.getVersion() + " (versionTag " + versionTag + ")";
        List<String> missing = requirements.missing(what, ShippedProcesses.model(repository, definition));
        if (!missing.isEmpty()) {
            throw new VersionNotRunnableException(what, missing);
        }
        boolean changed = lock.holding(() -> {
            // checked again in the transaction that writes: the newest definition of the tag, not deleted meanwhile
            ProcessDefinition current = newest(repository, key, versionTag);
            if (!current.getId().equals(definition.getId())) {
                throw new UnknownProcessVersionException("The newest definition of " + key + " with versionTag "
                        + versionTag + " changed meanwhile; ask again");
            }
            if (adoptions.active(key).filter(a -> a.definitionId().equals(definition.getId())).isPresent()) {
                return false;
            }
            adoptions.withdraw(key, operator, clock.instant());
            adoptions.insert(key, definition.getId(), versionTag, operator, clock.instant());
            return true;
        });
        if (changed) {
            log.info("{} adopted {} ({}, deployment {}): nodes start new instances of {} on it while its version is "
                    + "higher than the one they ship, and run its jobs", operator, what, definition.getId(),
                    definition.getDeploymentId(), key);
        }
        versions.apply(engine);
        return view(key);
    }

    public ProcessVersionsView withdraw(String key, String operator) {
        requireShipped(key);
        int withdrawn = lock.holding(() -> adoptions.withdraw(key, operator, clock.instant()));
        if (withdrawn > 0) {
            log.info("{} withdrew the adoption of {}: nodes start new instances on the version they ship; instances "
                    + "on the withdrawn version keep running (migrate them with /admin/process-migrations)", operator,
                    key);
        }
        versions.apply(engine);
        return view(key);
    }

    private ProcessVersionsView view(String key) {
        RepositoryService repository = engine.getRepositoryService();
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .orderByProcessDefinitionVersion().asc().list();
        Map<String, Deployment> deployments = new HashMap<>();
        definitions.stream().map(ProcessDefinition::getDeploymentId).distinct().forEach(id -> deployments.put(id,
                repository.createDeploymentQuery().deploymentId(id).singleResult()));
        Function<ProcessDefinition, VersionView> viewOf = d -> VersionView.of(d, deployments.get(d.getDeploymentId()));
        var adoption = adoptions.active(key);
        VersionView adopted = adoption.flatMap(a -> definitions.stream()
                .filter(d -> d.getId().equals(a.definitionId())).findFirst()).map(viewOf).orElse(null);
        return new ProcessVersionsView(key, viewOf.apply(shipped.definition(key)), adopted,
                adopted == null ? null : adoption.get().adoptedBy(),
                adopted == null ? null : adoption.get().adoptedAt(),
                viewOf.apply(versions.startDefinition(key)), definitions.isEmpty() ? null
                        : viewOf.apply(definitions.get(definitions.size() - 1)),
                definitions.stream().filter(d -> !versions.runs(d.getDeploymentId())).map(viewOf).toList());
    }

    private void requireShipped(String key) {
        if (!shipped.keys().contains(key)) {
            throw new UnknownProcessVersionException("Unknown process key " + key + ": this release ships "
                    + shipped.keys());
        }
    }

    private static ProcessDefinition newest(RepositoryService repository, String key, String versionTag) {
        List<ProcessDefinition> tagged = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .versionTag(versionTag).orderByProcessDefinitionVersion().desc().listPage(0, 1);
        if (tagged.isEmpty()) {
            throw new UnknownProcessVersionException("No definition of " + key + " has versionTag " + versionTag);
        }
        return tagged.get(0);
    }
}
