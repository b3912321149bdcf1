package org.cdnbilling.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.ProcessInstance;
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
    private final IdentityService identity;
    private final TransactionTemplate transactions;

    ProcessMigrations(MigrationPlanner planner, RuntimeService runtime, ManagementService management,
            IdentityService identity, PlatformTransactionManager transactions) {
        this.planner = planner;
        this.runtime = runtime;
        this.management = management;
        this.identity = identity;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * What a migration would do; changes nothing. Not in a transaction of its own: a plan that Camunda's validation
     * refuses throws in its command, which marks a surrounding transaction rollback-only.
     */
    public MigrationPreview preview(String processKey, String targetVersionTag, Map<String, String> mappings,
            List<Integer> sourceVersions) {
        return planner.plan(processKey, targetVersionTag, mappings, sourceVersions).preview();
    }

    /**
     * Migrates the selected sources' instances, or none if a selected source is not valid.
     *
     * @throws MigrationNotValidException if a selected source has plan failures or unmapped activities with instances
     * @throws MigrationNotRunnableHereException if this node does not run the jobs of a source or of the target
     */
    public MigrationsStarted migrate(MigrationRequest request, String operator) {
        MigrationPlans plans = planner.plan(request.processKey(), request.targetVersionTag(), request.mappings(),
                request.sourceVersions());
        List<SourcePreview> invalid = plans.sources().stream().map(SourcePlan::preview)
                .filter(source -> !source.valid()).toList();
        if (!invalid.isEmpty()) {
            throw new MigrationNotValidException(request.processKey(), invalid);
        }
        requireRunHere(plans);
        // the batches and the suspended instances of every source in one transaction: all of it starts, or none;
        // as the operator, so that Camunda's operation log and the batch name who migrated
        identity.setAuthentication(operator, identity.createGroupQuery().groupMember(operator).list().stream()
                .map(Group::getId).toList());
        List<StartedMigration> migrations;
        try {
            migrations = transactions.execute(status -> plans.sources().stream()
                    .map(source -> migrate(plans.key(), source, plans.target(), operator)).toList());
        } finally {
            identity.clearAuthentication();
        }
        return new MigrationsStarted(plans.key(), DefinitionView.of(plans.target()), migrations);
    }

    /**
     * A batch's jobs belong to the source's deployment, and a migrated instance's jobs move to the target's: with
     * the deployment-aware job executor, a version this node does not run may be run by no node at all (a newer
     * release's version after a roll-back, one deployed from Modeler). Ask a node that runs both.
     */
    private void requireRunHere(MigrationPlans plans) {
        Set<String> registered = management.getRegisteredDeployments();
        List<ProcessDefinition> versions = new ArrayList<>();
        versions.add(plans.target());
        plans.sources().forEach(source -> versions.add(source.definition()));
        for (ProcessDefinition version : versions) {
            if (!registered.contains(version.getDeploymentId())) {
                throw new MigrationNotRunnableHereException("This node does not run the jobs of process "
                        + plans.key() + " version " + version.getVersion() + " (versionTag " + version.getVersionTag()
                        + "): migrate from a node of the release that ships the newer of the two versions"
                        + " (README, Changing a process); nothing was migrated");
            }
        }
    }

    private StartedMigration migrate(String key, SourcePlan source, ProcessDefinition target, String operator) {
        String sourceId = source.definition().getId();
        // read once: the batch migrates exactly the instances counted here, a suspended one never in both
        List<String> activeIds = runtime.createProcessInstanceQuery().processDefinitionId(sourceId).active().list()
                .stream().map(ProcessInstance::getId).toList();
        List<String> suspended = runtime.createProcessInstanceQuery().processDefinitionId(sourceId).suspended()
                .list().stream().map(ProcessInstance::getId).toList();
        long active = activeIds.size();
        String batchId = null;
        if (active > 0) {
            // no custom listener runs: a listener of the new version's code would otherwise run on whichever node
            // takes the batch job, and migrating ends or starts no step of ours
            Batch batch = runtime.newMigration(source.plan()).processInstanceIds(activeIds).skipCustomListeners()
                    .executeAsync();
            batchId = batch.getId();
        }
        if (!suspended.isEmpty()) {
            runtime.newMigration(source.plan()).processInstanceIds(suspended).skipCustomListeners().execute();
            suspended.forEach(id -> management.updateJobSuspensionState().byProcessInstanceId(id).suspend());
        }
        log.info("Operator {} migrates process {} version {} (versionTag {}) to version {} (versionTag {}): {} "
                + "active instance(s) in batch {}, {} suspended instance(s) migrated and kept suspended", operator,
                key, source.definition().getVersion(), source.definition().getVersionTag(), target.getVersion(),
                target.getVersionTag(), active, batchId, suspended.size());
        return new StartedMigration(sourceId, source.definition().getVersion(), active + suspended.size(), batchId,
                suspended.size());
    }
}
