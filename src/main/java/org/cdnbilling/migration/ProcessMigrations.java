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
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.management.ActivityStatistics;
import org.camunda.bpm.engine.management.IncidentStatistics;
import org.camunda.bpm.engine.migration.MigrationInstruction;
import org.camunda.bpm.engine.migration.MigrationInstructionValidationReport;
import org.camunda.bpm.engine.migration.MigrationPlan;
import org.camunda.bpm.engine.migration.MigrationPlanBuilder;
import org.camunda.bpm.engine.migration.MigrationPlanValidationException;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.cdnbilling.engine.ShippedProcesses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the running instances of other versions of a process to one target version with Camunda's migration API:
 * a plan per source version ({@code mapEqualActivities} plus explicit mappings of renamed activities), shown first
 * ({@link #preview}), then run ({@link #migrate}): the active instances of a source as one Camunda batch (Cockpit's
 * Batches page; failed batch jobs are retried there), the suspended ones at once, in the caller's transaction, after
 * which every job of theirs is suspended again (Camunda bug CAM-3062, camunda-bpm-platform#3062: timer jobs the target
 * adds to a suspended instance were created active and failed when they fired; Camunda 7.19 and later create them
 * suspended, so this is a guard that keeps a suspended instance entirely suspended whatever the engine does).
 * Event triggers are not updated: timers keep their due dates, a grace period does not restart.
 * <p>
 * The target is the definition this node ships for the key, or the newest definition with a given versionTag.
 */
@Service
public class ProcessMigrations {

    private static final Logger log = LoggerFactory.getLogger(ProcessMigrations.class);
    private static final String MULTI_INSTANCE_BODY = "#multiInstanceBody";

    private final RepositoryService repository;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final ShippedProcesses shipped;
    private final TransactionTemplate transactions;

    public ProcessMigrations(RepositoryService repository, RuntimeService runtime, ManagementService management,
            ShippedProcesses shipped, PlatformTransactionManager transactions) {
        this.repository = repository;
        this.runtime = runtime;
        this.management = management;
        this.shipped = shipped;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * What a migration would do; changes nothing. Not in a transaction of its own: a plan that Camunda's validation
     * refuses throws in its command, which marks a surrounding transaction rollback-only.
     */
    public MigrationPreview preview(String processKey, String targetVersionTag, Map<String, String> mappings) {
        return plan(processKey, targetVersionTag, mappings, null).preview();
    }

    /**
     * Migrates the selected sources' instances, or none if a selected source is not valid.
     *
     * @throws MigrationNotValidException if a selected source has plan failures or unmapped activities with instances
     */
    public MigrationsStarted migrate(MigrationRequest request, String operator) {
        Plans plans = plan(request.processKey(), request.targetVersionTag(), request.mappings(),
                request.sourceVersions());
        List<SourcePreview> invalid = plans.sources().stream().map(SourcePlan::preview)
                .filter(source -> !source.valid()).toList();
        if (!invalid.isEmpty()) {
            throw new MigrationNotValidException(request.processKey(), invalid);
        }
        // the batches and the suspended instances of every source in one transaction: all of it starts, or none
        List<StartedMigration> migrations = transactions.execute(status -> plans.sources().stream()
                .map(source -> migrate(plans.key(), source, plans.target(), operator)).toList());
        return new MigrationsStarted(plans.key(), DefinitionView.of(plans.target()), migrations);
    }

    private StartedMigration migrate(String key, SourcePlan source, ProcessDefinition target, String operator) {
        String sourceId = source.definition().getId();
        long active = activeInstances(sourceId).count();
        List<String> suspended = runtime.createProcessInstanceQuery().processDefinitionId(sourceId).suspended()
                .list().stream().map(ProcessInstance::getId).toList();
        String batchId = null;
        if (active > 0) {
            Batch batch = runtime.newMigration(source.plan()).processInstanceQuery(activeInstances(sourceId))
                    .executeAsync();
            batchId = batch.getId();
        }
        if (!suspended.isEmpty()) {
            runtime.newMigration(source.plan()).processInstanceIds(suspended).execute();
            suspended.forEach(id -> management.updateJobSuspensionState().byProcessInstanceId(id).suspend());
        }
        log.info("Operator {} migrates process {} version {} (versionTag {}) to version {} (versionTag {}): {} "
                + "active instance(s) in batch {}, {} suspended instance(s) migrated and kept suspended", operator,
                key, source.definition().getVersion(), source.definition().getVersionTag(), target.getVersion(),
                target.getVersionTag(), active, batchId, suspended.size());
        return new StartedMigration(sourceId, source.definition().getVersion(), active + suspended.size(), batchId,
                suspended.size());
    }

    private ProcessInstanceQuery activeInstances(String definitionId) {
        return runtime.createProcessInstanceQuery().processDefinitionId(definitionId).active();
    }

    private Plans plan(String key, String targetVersionTag, Map<String, String> mappings,
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
        List<SourcePlan> sources = new ArrayList<>();
        for (ProcessDefinition source : others) {
            boolean running = runtime.createProcessInstanceQuery().processDefinitionId(source.getId()).count() > 0;
            if (running && (selected == null || selected.contains(source.getVersion()))) {
                sources.add(sourcePlan(source, target,
                        models.computeIfAbsent(source.getId(), repository::getBpmnModelInstance), mappings));
            }
        }
        sources.sort(Comparator.comparingInt(s -> s.definition().getVersion()));
        return new Plans(key, target, sources);
    }

    private ProcessDefinition target(String key, String versionTag, List<ProcessDefinition> versions) {
        if (versionTag == null || versionTag.isBlank()) {
            try {
                return shipped.definition(key);
            } catch (IllegalStateException notShipped) {
                throw new InvalidMigrationRequestException("This node ships no definition of process " + key
                        + ": name the target by targetVersionTag");
            }
        }
        return versions.stream().filter(d -> versionTag.equals(d.getVersionTag()))
                .max(Comparator.comparingInt(ProcessDefinition::getVersion))
                .orElseThrow(() -> new InvalidMigrationRequestException("Process " + key
                        + " has no version with versionTag " + versionTag));
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

    private record SourcePlan(ProcessDefinition definition, MigrationPlan plan, SourcePreview preview) {
    }

    private record Plans(String key, ProcessDefinition target, List<SourcePlan> sources) {

        MigrationPreview preview() {
            return new MigrationPreview(key, DefinitionView.of(target),
                    sources.stream().map(SourcePlan::preview).toList());
        }
    }
}
