package org.cdnbilling.migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.management.IncidentStatistics;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.cdnbilling.engine.ShippedProcesses;
import org.springframework.stereotype.Component;

/**
 * Camunda's migration plan of each source version to the target, with what it would do: per source version
 * {@code mapEqualActivities} plus the explicit mappings of renamed activities (never {@code updateEventTriggers}:
 * timers keep their due dates), Camunda's validation report, and per activity with instances (activity statistics
 * with incidents) what it is mapped to. Changes nothing.
 * <p>
 * The target is the definition this node ships for the key, or the newest definition with a given versionTag (the
 * shipped one for the shipped versionTag). Not to be called in a surrounding transaction: a plan that Camunda's
 * validation refuses throws in its command, which marks that transaction rollback-only.
 */
@Component
class MigrationPlanner {

    private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final ShippedProcesses shipped;

    MigrationPlanner(RepositoryService repository, RuntimeService runtime, ManagementService management,
            ShippedProcesses shipped) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.shipped = shipped;
    }

    /**
     * The plans of the sources, oldest first: every version older than the target with running instances, or those
     * of {@code sourceVersions} if given (a newer version only so: during a rolling upgrade an old node's target is
     * older than what the new nodes run, and its default must not move their instances back).
     *
     * @throws InvalidMigrationRequestException for an unknown key, versionTag, version or mapped activity
     */
    MigrationPlans plan(String key, String targetVersionTag, Map<String, String> mappings,
            List<Integer> sourceVersions) {
        if (key == null || key.isBlank()) {
            throw new InvalidMigrationRequestException("processKey is required");
        }
        List<ProcessDefinition> versions = repository.createProcessDefinitionQuery().processDefinitionKey(key)
                .orderByProcessDefinitionVersion().asc().list();
        if (versions.isEmpty()) {
            throw new InvalidMigrationRequestException("No process with key " + key + " is deployed");
        }
        ProcessDefinition target = target(key, targetVersionTag, versions);
        List<ProcessDefinition> others = versions.stream().filter(d -> !d.getId().equals(target.getId())).toList();
        Set<Integer> selected = selected(key, sourceVersions, versions);
        BpmnModelInstance targetModel = repository.getBpmnModelInstance(target.getId());
        Map<String, BpmnModelInstance> models = new HashMap<>();
        for (Map.Entry<String, String> mapping : mappings.entrySet()) {
            checkMapping(key, mapping, targetModel, others, models);
        }
        if (selected != null && selected.contains(target.getVersion())) {
            throw new InvalidMigrationRequestException("Version " + target.getVersion() + " of process " + key
                    + " is the target; it cannot be a source too");
        }
        List<SourcePlan> sources = new ArrayList<>();
        for (ProcessDefinition source : others) {
            boolean running = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).count() > 0;
            boolean chosen = selected == null ? source.getVersion() < target.getVersion()
                    : selected.contains(source.getVersion());
            if (running && chosen) {
                sources.add(sourcePlan(source, target,
                        models.computeIfAbsent(source.getId(), repository::getBpmnModelInstance), mappings));
            }
        }
        sources.sort(Comparator.comparingInt(s -> s.definition().getVersion()));
        return new MigrationPlans(key, target, sources);
    }

    private ProcessDefinition target(String key, String versionTag, List<ProcessDefinition> versions) {
        ProcessDefinition own = shippedDefinition(key);
        if (versionTag == null || versionTag.isBlank()) {
            if (own == null) {
                throw new InvalidMigrationRequestException("This node ships no definition of process " + key
                        + ": name the target by targetVersionTag");
            }
            return own;
        }
        if (own != null && versionTag.equals(own.getVersionTag())) {
            return own;
        }
        return versions.stream().filter(d -> versionTag.equals(d.getVersionTag()))
                .max(Comparator.comparingInt(ProcessDefinition::getVersion))
                .orElseThrow(() -> new InvalidMigrationRequestException("Process " + key
                        + " has no version with versionTag " + versionTag));
    }

    /** The definition this node ships for the key, or null if it ships none. */
    private ProcessDefinition shippedDefinition(String key) {
        return shipped.keys().contains(key) ? shipped.definition(key) : null;
    }

    private static Set<Integer> selected(String key, List<Integer> sourceVersions, List<ProcessDefinition> versions) {
        if (sourceVersions == null) {
            return null;
        }
        Set<Integer> known = new TreeSet<>();
        versions.forEach(d -> known.add(d.getVersion()));
        for (Integer version : sourceVersions) {
            if (version == null || !known.contains(version)) {
                throw new InvalidMigrationRequestException("Process " + key + " has no version " + version
                        + " (versions " + known + ")");
            }
        }
        return Set.copyOf(sourceVersions);
    }

    /** The new id must be an activity of the target, the old one an activity of another version of the process. */
    private void checkMapping(String key, Map.Entry<String, String> mapping, BpmnModelInstance targetModel,
            List<ProcessDefinition> others, Map<String, BpmnModelInstance> models) {
        String from = mapping.getKey();
        String to = mapping.getValue();
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new InvalidMigrationRequestException("A mapping needs an old and a new activity id");
        }
        if (!hasActivity(targetModel, to)) {
            throw new InvalidMigrationRequestException("The target diagram of process " + key
                    + " has no activity " + to);
        }
        boolean inASource = others.stream().anyMatch(source -> hasActivity(
                models.computeIfAbsent(source.getId(), repository::getBpmnModelInstance), from));
        if (!inASource) {
            throw new InvalidMigrationRequestException("No source diagram of process " + key + " has an activity "
                    + from);
        }
    }

    private static boolean hasActivity(BpmnModelInstance model, String activityId) {
        return model.getModelElementById(activityId) instanceof FlowNode;
    }

    private SourcePlan sourcePlan(ProcessDefinition source, ProcessDefinition target, BpmnModelInstance sourceModel,
            Map<String, String> mappings) {
        MigrationPlanBuilder builder = runtime.createMigrationPlan(source.getId(), target.getId())
                .mapEqualActivities();
        for (Map.Entry<String, String> mapping : mappings.entrySet()) {
            if (hasActivity(sourceModel, mapping.getKey())) {
                builder = builder.mapActivities(mapping.getKey(), mapping.getValue());
            }
        }
        MigrationPlan plan;
        List<InstructionFailures> validation = new ArrayList<>();
        try {
            plan = builder.build();
        } catch (MigrationPlanValidationException e) {
            plan = e.getValidationReport().getMigrationPlan();
            for (MigrationInstructionValidationReport report : e.getValidationReport().getInstructionReports()) {
                validation.add(new InstructionFailures(report.getMigrationInstruction().getSourceActivityId(),
                        List.copyOf(report.getFailures())));
            }
        }
        List<MigrationInstruction> planned = plan == null ? List.of() : plan.getInstructions();
        Map<String, String> targets = new LinkedHashMap<>();
        planned.forEach(i -> targets.putIfAbsent(i.getSourceActivityId(), i.getTargetActivityId()));
        List<ActivityPreview> activities = new ArrayList<>();
        for (ActivityStatistics statistics : management.createActivityStatisticsQuery(source.getId())
                .includeIncidents().list()) {
            long incidents = statistics.getIncidentStatistics().stream()
                    .mapToLong(IncidentStatistics::getIncidentCount).sum();
            activities.add(new ActivityPreview(statistics.getId(), statistics.getInstances(), incidents,
                    mappedTo(statistics.getId(), targets)));
        }
        activities.sort(Comparator.comparing(ActivityPreview::activityId));
        boolean valid = validation.isEmpty() && activities.stream()
                .allMatch(a -> a.instances() == 0 || a.mappedTo() != null);
        long instances = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).count();
        long suspended = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).suspended().count();
        List<InstructionView> instructions = planned.stream().map(InstructionView::of).toList();
        SourcePreview preview = new SourcePreview(source.getId(), source.getVersion(), source.getVersionTag(),
                instances, suspended, activities, instructions, valid, validation);
        return new SourcePlan(source, valid ? plan : null, preview);
    }

    /** A multi-instance body is mapped with its inner activity. */
    private static String mappedTo(String activityId, Map<String, String> targets) {
        if (!targets.containsKey(activityId) && activityId.endsWith(MULTI_INSTANCE_BODY)) {
            String inner = targets.get(activityId.substring(0, activityId.length() - MULTI_INSTANCE_BODY.length()));
            return inner == null ? null : inner + MULTI_INSTANCE_BODY;
        }
        return targets.get(activityId);
    }
}
