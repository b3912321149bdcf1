package org.cdnbilling.engine;

import org.camunda.bpm.engine.impl.history.HistoryLevel;
import org.camunda.bpm.engine.impl.history.event.HistoryEventType;
import org.camunda.bpm.engine.impl.history.event.HistoryEventTypes;
import org.camunda.bpm.engine.runtime.Job;

/**
 * Camunda's history level {@code full}, less two kinds of rows that repeat what other history already holds
 * on every successful activation (docs/performance.md):
 * <ul>
 * <li>the {@code ACT_HI_DETAIL} row of each variable update: the processes here set each variable once, so it
 * repeated the variable's {@code ACT_HI_VARINST} row;</li>
 * <li>the job log's row for a job created: the activity instance history has when the step was reached;</li>
 * <li>the job log's row for a successful run of the history cleanup (a job of no process and no job definition):
 * with end-time based cleanup nothing ever removes those rows, one or more a night (docs/history-retention.md).
 * Its failed runs, with their stack traces, stay: they are faults, and an incident after the last retry.</li>
 * </ul>
 * Everything an operator reads about a stuck or cancelled order stays: failed job attempts with their stack
 * traces, the successful one with the node that ran it, deleted jobs, incidents, variables, activity instances
 * and the user operation log.
 */
public final class LeanFullHistoryLevel implements HistoryLevel {

    /** As {@code camunda.bpm.history-level} names it. */
    public static final String NAME = "full-lean";

    /** As the database records it ({@code ACT_GE_PROPERTY.historyLevel}; Camunda's own levels are 0 to 3). */
    public static final int ID = 30;

    @Override
    public int getId() {
        return ID;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean isHistoryEventProduced(HistoryEventType eventType, Object entity) {
        if (eventType == HistoryEventTypes.VARIABLE_INSTANCE_UPDATE_DETAIL
                || eventType == HistoryEventTypes.JOB_CREATE) {
            return false;
        }
        if (eventType == HistoryEventTypes.JOB_SUCCESS && entity instanceof Job job
                && job.getProcessInstanceId() == null && job.getJobDefinitionId() == null) {
            return false;
        }
        return HistoryLevel.HISTORY_LEVEL_FULL.isHistoryEventProduced(eventType, entity);
    }
}
