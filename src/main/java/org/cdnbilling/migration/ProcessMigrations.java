package org.cdnbilling.migration;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves the running instances of other versions of a process to one target version with Camunda's migration API:
 * the plans of {@link MigrationPlanner}, shown first ({@link #preview}), then run ({@link #migrate}): the active
 * instances of a source as one Camunda batch (Cockpit's Batches page; failed batch jobs are retried there), the
 * suspended ones at once, in the transaction that starts the batches, after which every job of theirs is suspended
 * again. (Camunda bug CAM-3062, camunda-bpm-platform#3062: timer jobs the target adds to a suspended instance were
 * created active and failed when they fired. Camunda 7.19 and later create them suspended; this is a guard that keeps
 * a suspended instance entirely suspended whatever the engine does.) Event triggers are not updated: timers keep
 * their due dates, a grace period does not restart.
 */
@Service
public class ProcessMigrations {

    private static final Logger log = LoggerFactory.getLogger(ProcessMigrations.class);

    private final MigrationPlanner planner;
    private final RuntimeService runtime;
    private final ManagementService management;
    private final TransactionTemplate transactions;

    ProcessMigrations(MigrationPlanner planner, RuntimeService runtime, ManagementService management,
            PlatformTransactionManager transactions) {
        this.planner = planner;
        this.runtime = runtime;
        this.management = management;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * What a migration would do; changes nothing. Not in a transaction of its own: a plan that Camunda's validation
     * refuses throws in its command, which marks a surrounding transaction rollback-only.
     */
    public MigrationPreview preview(String processKey, String targetVersionTag, Map<String, String> mappings) {
        return planner.plan(processKey, targetVersionTag, mappings, null).preview();
    }

    /**
     * Migrates the selected sources' instances, or none if a selected source is not valid.
     *
     * @throws MigrationNotValidException if a selected source has plan failures or unmapped activities with instances
     */
    public MigrationsStarted migrate(MigrationRequest request, String operator) {
        MigrationPlans plans = planner.plan(request.processKey(), request.targetVersionTag(), request.mappings(),
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
}
