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
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.DeploymentWithDefinitions;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The process definitions this release shipped: each diagram of {@code processes/} is deployed only if no definition
 * with its key and {@code versionTag} exists yet, and this node starts instances on the definition found by key and
 * tag, by id, never on a newer or older version someone else deployed (unless an operator adopted it:
 * {@link ProcessVersions}). A diagram whose file changed while its
 * {@code versionTag} did not is refused.
 * <p>
 * Each diagram has a deployment of its own, named {@code cdn-billing-engine/<file>}, so that a change of one diagram
 * redeploys only that one. The check and the deployments run in one transaction under {@link ProcessDeploymentLock},
 * so nodes of one release starting at once deploy a new diagram once, on H2 as on PostgreSQL.
 * <p>
 * <b>Which jobs this node runs.</b> The job executor is deployment-aware
 * ({@code camunda.bpm.job-execution.deployment-aware}): it acquires only the jobs of deployments registered with
 * it, and jobs without a deployment (history cleanup, the seed and monitor jobs of batches). After deploying, this node
 * registers the deployment of every definition it ships, also one another node deployed, and the deployments of
 * every older version (lower version number) of the same process keys, whoever deployed them. So during a rolling
 * upgrade a node of the old release never runs a job of a newer version, whose delegates it may lack, and a node of
 * the new release runs the jobs of instances still on older versions once the old nodes are gone. The delegates,
 * variables and message names an older version uses must therefore stay in the next release (README, Changing a
 * process; {@code ReleasedProcessesCompatibilityTest}).
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
     * Deploys the diagrams whose key and versionTag are not deployed yet, resolves the definitions this node
     * starts and registers with this engine's job executor the deployments whose jobs it runs (those of the shipped
     * definitions and of every older version of their keys); returns the resource names it deployed.
     *
     * @throws IllegalStateException if a diagram differs from the deployed one with the same key and versionTag
     */
    public List<String> deploy(ProcessEngine engine) {
        RepositoryService repository = engine.getRepositoryService();
        List<String> deployed = lock.holding(() -> deployHoldingTheLock(repository));
        registerWithJobExecutor(repository, engine.getManagementService());
        return deployed;
    }

    /**
     * Registers the deployments of the shipped definitions and of all older versions of the same keys: never
     * those of a newer version, whose jobs may need delegates this release does not have.
     */
    private void registerWithJobExecutor(RepositoryService repository, ManagementService management) {
        List<String> registered = new ArrayList<>();
        for (ShippedDiagram diagram : diagrams) {
            ProcessDefinition shipped = definition(diagram.key());
            Set<String> deployments = new TreeSet<>();
            List<String> versions = new ArrayList<>();
            for (ProcessDefinition definition : repository.createProcessDefinitionQuery()
                    .processDefinitionKey(shipped.getKey()).orderByProcessDefinitionVersion().asc().list()) {
                if (definition.getVersion() <= shipped.getVersion()) {
                    deployments.add(definition.getDeploymentId());
                    versions.add("v" + definition.getVersion());
                }
            }
            deployments.forEach(management::registerDeploymentForJobExecutor);
            registered.add(shipped.getKey() + " " + String.join(", ", versions) + " (deployments " + deployments + ")");
        }
        log.info("Job executor runs the jobs of the shipped versions and the older ones: {}", registered);
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

    /** The process keys of the diagrams this release ships. */
    public List<String> keys() {
        return diagrams.stream().map(ShippedDiagram::key).toList();
    }

    /** Whether a deployment was made by a release's node (this one or another) as this class deploys a diagram. */
    public static boolean isReleaseDeployment(Deployment deployment) {
        return deployment.getName() != null && deployment.getName().startsWith(DEPLOYMENT_NAME + "/")
                && ShippedDiagram.LOCATION.equals(deployment.getSource());
    }

    /**
     * The id of the definition this release shipped for the process key. Instances start on
     * {@link ProcessVersions#startDefinitionId}, which is this one unless the operator adopted a newer version.
     */
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

    /** The deployed diagram of a definition, as its bytes. */
    public static byte[] model(RepositoryService repository, ProcessDefinition definition) {
        try (InputStream in = repository.getProcessModel(definition.getId())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the diagram of " + definition.getId(), e);
        }
    }
}
