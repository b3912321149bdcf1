package org.cdnbilling.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The process definitions this release shipped: each diagram of {@code processes/} is deployed only if no definition
 * with its key and {@code versionTag} exists yet, and this node starts instances on the definition found by key and
 * tag, by id, never on a newer or older version someone else deployed. A diagram whose file changed while its
 * {@code versionTag} did not is refused.
 * <p>
 * Each diagram has a deployment of its own, named {@code cdn-billing-engine/<file>}, so that a change of one diagram
 * redeploys only that one. The check and the deployments run in one transaction under {@link ProcessDeploymentLock},
 * so nodes of one release starting at once deploy a new diagram once, on H2 as on PostgreSQL.
 */
@Component
public class ShippedProcesses {

    public static final String DEPLOYMENT_NAME = "cdn-billing-engine";

    private static final Logger log = LoggerFactory.getLogger(ShippedProcesses.class);

    private final List<ShippedDiagram> diagrams;
    private final ProcessDeploymentLock lock;
    private volatile Map<String, ProcessDefinition> definitions = Map.of();

    @Autowired
    public ShippedProcesses(ProcessDeploymentLock lock) {
        this(ShippedDiagram.onClasspath(), lock);
    }

    public ShippedProcesses(List<ShippedDiagram> diagrams, ProcessDeploymentLock lock) {
        this.diagrams = List.copyOf(diagrams);
        this.lock = lock;
    }

    /**
     * Deploys the diagrams whose key and versionTag are not deployed yet and resolves the definitions this node
     * starts; returns the resource names it deployed.
     *
     * @throws IllegalStateException if a diagram differs from the deployed one with the same key and versionTag
     */
    public List<String> deploy(RepositoryService repository) {
        return lock.holding(() -> deployHoldingTheLock(repository));
    }

    private List<String> deployHoldingTheLock(RepositoryService repository) {
        List<String> deployed = new ArrayList<>();
        Map<String, ProcessDefinition> resolved = new LinkedHashMap<>();
        for (ShippedDiagram diagram : diagrams) {
            if (withTag(repository, diagram).isEmpty() && deployOne(repository, diagram)) {
                deployed.add(diagram.resourceName());
            }
            resolved.put(diagram.key(), shipped(repository, diagram));
        }
        definitions = Map.copyOf(resolved);
        log.info("Process diagrams deployed: {}; this node starts {}", deployed, resolved.values().stream()
                .map(d -> d.getKey() + " v" + d.getVersion() + " (versionTag " + d.getVersionTag() + ")").toList());
        return List.copyOf(deployed);
    }

    /** The id of the definition this release shipped for the process key, to start instances by id. */
    public String definitionId(String key) {
        return definition(key).getId();
    }

    public ProcessDefinition definition(String key) {
        ProcessDefinition definition = definitions.get(key);
        if (definition == null) {
            throw new IllegalStateException("No shipped definition of process " + key + " (not deployed yet?)");
        }
        return definition;
    }

    private static List<ProcessDefinition> withTag(RepositoryService repository, ShippedDiagram diagram) {
        return repository.createProcessDefinitionQuery().processDefinitionKey(diagram.key())
                .versionTag(diagram.versionTag()).orderByProcessDefinitionVersion().desc().list();
    }

    private static boolean deployOne(RepositoryService repository, ShippedDiagram diagram) {
        DeploymentWithDefinitions result = repository.createDeployment()
                .name(DEPLOYMENT_NAME + "/" + diagram.fileName())
                .source(ShippedDiagram.LOCATION)
                .enableDuplicateFiltering(true)
                .addInputStream(diagram.resourceName(), new ByteArrayInputStream(diagram.content()))
                .deployWithResult();
        // duplicate filtering stays on as a second guard (it compares with the latest deployment of the same name)
        List<ProcessDefinition> definitions = result.getDeployedProcessDefinitions();
        return definitions != null && !definitions.isEmpty();
    }

    private static ProcessDefinition shipped(RepositoryService repository, ShippedDiagram diagram) {
        List<ProcessDefinition> sameTag = withTag(repository, diagram);
        for (ProcessDefinition definition : sameTag) {
            if (Arrays.equals(model(repository, definition), diagram.content())) {
                return definition;
            }
        }
        ProcessDefinition deployed = sameTag.get(0);
        throw new IllegalStateException(diagram.resourceName() + " changed but its camunda:versionTag \""
                + diagram.versionTag() + "\" did not: process " + diagram.key() + " version " + deployed.getVersion()
                + " (deployment " + deployed.getDeploymentId() + ") has the same versionTag and another diagram."
                + " Raise the versionTag with every change of a diagram (README, Changing a process).");
    }

    private static byte[] model(RepositoryService repository, ProcessDefinition definition) {
        try (InputStream in = repository.getProcessModel(definition.getId())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the diagram of " + definition.getId(), e);
        }
    }
}
