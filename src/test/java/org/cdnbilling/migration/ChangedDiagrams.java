package org.cdnbilling.migration;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.TimeDuration;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFailedJobRetryTimeCycle;
import org.cdnbilling.engine.ProcessDeploymentLock;
import org.cdnbilling.engine.ShippedDiagram;
import org.cdnbilling.engine.ShippedProcesses;

/**
 * Changed copies of the shipped diagrams deployed as a new release deploys them ({@link ShippedProcesses#deploy}),
 * with a raised versionTag; remembers their deployments so that a test can delete them (cascade) afterwards and
 * the other test classes of the JVM see the shipped diagrams as the latest again.
 */
final class ChangedDiagrams {

    private final ProcessEngine engine;
    private final RepositoryService repository;
    private final ProcessDeploymentLock lock;
    private final List<String> deployments = new ArrayList<>();

    ChangedDiagrams(ProcessEngine engine, ProcessDeploymentLock lock) {
        this.engine = engine;
        this.repository = engine.getRepositoryService();
        this.lock = lock;
    }

    /** Deploys the shipped file changed by {@code change}, with the versionTag; the new definition. */
    ProcessDefinition deploy(String file, String versionTag, Consumer<BpmnModelInstance> change) {
        ShippedDiagram shipped = ShippedDiagram.onClasspath().stream().filter(d -> d.fileName().equals(file))
                .findFirst().orElseThrow();
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(shipped.content()));
        model.getModelElementsByType(Process.class).iterator().next().setCamundaVersionTag(versionTag);
        change.accept(model);
        ShippedDiagram changed = ShippedDiagram.of(file, Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8));
        ShippedProcesses newRelease = new ShippedProcesses(List.of(changed), lock);
        newRelease.deploy(engine);
        ProcessDefinition definition = newRelease.definition(changed.key());
        deployments.add(definition.getDeploymentId());
        return definition;
    }

    /** Deletes the deployments of the changed copies with their instances, jobs and history. */
    void deleteAll() {
        deployments.forEach(id -> repository.deleteDeployment(id, true));
        deployments.clear();
    }

    /**
     * The timer's own period instead of its expression: should a migration update the timer's trigger (restart
     * it), its due date would be this far from the migration instead of the one it had.
     */
    static Consumer<BpmnModelInstance> timerOfDuration(String timerDefinitionId, String duration) {
        return model -> {
            TimerEventDefinition timer = model.getModelElementById(timerDefinitionId);
            timer.removeChildElement(timer.getTimeDate());
            TimeDuration timeDuration = model.newInstance(TimeDuration.class);
            timeDuration.setTextContent(duration);
            timer.setTimeDuration(timeDuration);
        };
    }

    /** Renames the element and gives its asynchronous job another retry cycle. */
    static Consumer<BpmnModelInstance> renamedWithRetryCycle(String elementId, String name, String retryCycle) {
        return model -> {
            BaseElement element = model.getModelElementById(elementId);
            element.setAttributeValue("name", name);
            CamundaFailedJobRetryTimeCycle cycle = element.getExtensionElements().getElementsQuery()
                    .filterByType(CamundaFailedJobRetryTimeCycle.class).singleResult();
            cycle.setTextContent(retryCycle);
        };
    }
}
