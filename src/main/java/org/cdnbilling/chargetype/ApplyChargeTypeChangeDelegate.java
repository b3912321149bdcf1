package org.cdnbilling.chargetype;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Apply charge type change: puts the account's pending change into force if its time has come. The
 * domain decides what is pending (the latest submission), so a superseded or withdrawn change is a no-op.
 */
@Component
public class ApplyChargeTypeChangeDelegate implements JavaDelegate {

    private static final Logger log = LoggerFactory.getLogger(ApplyChargeTypeChangeDelegate.class);

    private final CdnServiceInstances services;
    private final ChargeTypeHistory history;
    private final Clock clock;

    ApplyChargeTypeChangeDelegate(CdnServiceInstances services, ChargeTypeHistory history, Clock clock) {
        this.services = services;
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void execute(DelegateExecution execution) {
        long ownerId = ((Number) execution.getVariable(ChargeTypeChangeProcess.VAR_OWNER_ID)).longValue();
        services.findByOwnerId(ownerId).ifPresent(service -> {
            if (history.applyDueChange(service, clock.instant())) {
                log.info("Charge type of account {} is now {}", ownerId, service.internetChargeType());
            }
        });
    }
}
