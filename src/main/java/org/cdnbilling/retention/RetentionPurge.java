package org.cdnbilling.retention;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.cdnbilling.activation.ActivationProcess;
import org.cdnbilling.activation.ActivationRefusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes, every few minutes on every node, what Camunda's nightly history cleanup does not:
 * <ul>
 * <li>the engine history of refused activations once it is older than
 * {@code cdn.retention.refused-activation-history} (a day): a caller looping on a refusal would otherwise leave
 * 10.5 KB of history per call for the diagram's 30 days. Through the engine's public API
 * ({@code HistoryService.deleteHistoricProcessInstancesIfExists}), {@code batch-size} instances a transaction;
 * the instance, its activities, variables and job log go together, as in the cleanup;</li>
 * <li>the compact records of refusals older than {@code cdn.retention.refusals};</li>
 * <li>Camunda's meter log older than {@code cdn.retention.engine-metrics}
 * ({@code ManagementService.deleteMetrics}).</li>
 * </ul>
 * Nodes that purge at the same moment delete the same rows; the later finds nothing left (the deletions are
 * idempotent). A failing purge is logged and tried again on the next round.
 */
@Component
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);

    /** The ends of {@code cdn-activation} a refusal in the caller's request reaches. */
    static final String[] REFUSED_ENDS = {ActivationProcess.END_PROFILE_REJECTED,
            ActivationProcess.END_PAYMENT_METHOD_REJECTED, ActivationProcess.END_BALANCE_REJECTED,
            ActivationProcess.END_ORDER_REJECTED};

    private final HistoryService history;
    private final ManagementService management;
    private final ActivationRefusals refusals;
    private final RetentionSettings settings;
    private final Clock clock;

    RetentionPurge(HistoryService history, ManagementService management, ActivationRefusals refusals,
            RetentionSettings settings, Clock clock) {
        this.history = history;
        this.management = management;
        this.refusals = refusals;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cdn.retention.purge-every:PT5M}",
            initialDelayString = "${cdn.retention.purge-every:PT5M}")
    void purgeOnSchedule() {
        try {
            purge();
        } catch (RuntimeException e) {
            log.warn("Retention purge failed, trying again on the next round: {}", e.toString());
        }
    }

    /** One round: everything that is past its retention now; returns the engine history instances removed. */
    public int purge() {
        Instant now = clock.instant();
        int removed = purgeRefusedActivationHistory(now.minus(settings.refusedActivationHistory()));
        int records = refusals.deleteRecordedBefore(now.minus(settings.refusals()));
        management.deleteMetrics(Date.from(now.minus(settings.engineMetrics())));
        if (removed > 0 || records > 0) {
            log.info("Retention purge: history of {} refused activations, {} refusal records", removed, records);
        }
        return removed;
    }

    private int purgeRefusedActivationHistory(Instant endedBefore) {
        int removed = 0;
        List<String> batch;
        do {
            batch = history.createHistoricProcessInstanceQuery()
                    .processDefinitionKey(ActivationProcess.PROCESS_KEY)
                    .finishedBefore(Date.from(endedBefore))
                    .executedActivityIdIn(REFUSED_ENDS)
                    .listPage(0, settings.batchSize()).stream()
                    .map(HistoricProcessInstance::getId)
                    .toList();
            if (!batch.isEmpty()) {
                history.deleteHistoricProcessInstancesIfExists(batch);
                removed += batch.size();
            }
        } while (batch.size() == settings.batchSize());
        return removed;
    }
}
