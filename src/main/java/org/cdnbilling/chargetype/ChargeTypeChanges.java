package org.cdnbilling.chargetype;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.account.Account;
import org.cdnbilling.account.Accounts;
import org.cdnbilling.cdnservice.BillingDay;
import org.cdnbilling.cdnservice.ChargeTypeHistory;
import org.cdnbilling.cdnservice.CdnServiceInstance;
import org.cdnbilling.cdnservice.CdnServiceInstances;
import org.cdnbilling.cdnservice.InternetChargeType;
import org.cdnbilling.engine.ProcessVersions;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.error.ErrorCode;
import org.cdnbilling.order.Orders;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * ModifyCdnService: records the change on the service (the latest submission wins) and makes sure a
 * charge type change process waits for the next billing day to put it into force.
 */
@Service
public class ChargeTypeChanges {

    private final CdnServiceInstances services;
    private final ChargeTypeHistory history;
    private final Orders orders;
    private final Accounts accounts;
    private final RuntimeService runtime;
    private final ProcessVersions versions;
    private final ManagementService management;
    private final Clock clock;

    ChargeTypeChanges(CdnServiceInstances services, ChargeTypeHistory history, Orders orders, Accounts accounts,
            RuntimeService runtime, ProcessVersions versions, ManagementService management, Clock clock) {
        this.services = services;
        this.history = history;
        this.orders = orders;
        this.accounts = accounts;
        this.runtime = runtime;
        this.versions = versions;
        this.management = management;
        this.clock = clock;
    }

    /**
     * Concurrent submissions for one account take turns (the service's row stays locked until commit), so each
     * sees the change and the waiting process of the one before: no optimistic-lock failure, no second process
     * for the same billing day.
     */
    @Transactional
    public void submit(long ownerId, InternetChargeType chargeType, String requestId) {
        CdnServiceInstance service = services.findByOwnerIdForUpdate(ownerId).orElseThrow(() -> notOpened(ownerId));
        if (service.suspended()) {
            throw new ApiException(ErrorCode.SERVICE_SUSPENDED);
        }
        Account account = accounts.findById(ownerId).orElseThrow(() -> new ApiException(ErrorCode.OPERATION_DENIED));
        if (!account.payMethodValid()) {
            throw new ApiException(ErrorCode.MODIFY_INVALID_PAY_METHOD);
        }
        if (!account.hasPositiveBalance()) {
            throw new ApiException(ErrorCode.INSUFFICIENT_BALANCE);
        }
        Instant now = clock.instant();
        Instant affectTime = BillingDay.nextStart(now);
        history.scheduleChange(service, chargeType, affectTime, now);
        if (service.pendingChangeAt(now).isPresent() && !waitingFor(ownerId, affectTime)) {
            runtime.createProcessInstanceById(versions.startDefinitionId(ChargeTypeChangeProcess.PROCESS_KEY))
                    .businessKey(Long.toString(ownerId))
                    .setVariables(Variables.createVariables()
                            .putValue(ChargeTypeChangeProcess.VAR_OWNER_ID, ownerId)
                            .putValue(ChargeTypeChangeProcess.VAR_CHARGE_TYPE, chargeType.name())
                            .putValue(ChargeTypeChangeProcess.VAR_AFFECT_TIME, Date.from(affectTime))
                            .putValue(ChargeTypeChangeProcess.VAR_REQUEST_ID, requestId))
                    .execute();
        }
    }

    private ApiException notOpened(long ownerId) {
        boolean activating = orders.findByActiveOwnerId(ownerId).isPresent();
        return new ApiException(activating ? ErrorCode.MODIFY_HAS_ORDER : ErrorCode.OPERATION_DENIED);
    }

    /** Whether a change process of the account already waits for exactly this billing day. */
    private boolean waitingFor(long ownerId, Instant affectTime) {
        return runtime.createProcessInstanceQuery()
                .processDefinitionKey(ChargeTypeChangeProcess.PROCESS_KEY)
                .processInstanceBusinessKey(Long.toString(ownerId))
                .list().stream()
                .map(ProcessInstance::getId)
                .flatMap(id -> management.createJobQuery().processInstanceId(id).timers().list().stream())
                .anyMatch(timer -> timer.getDuedate() != null && timer.getDuedate().toInstant().equals(affectTime));
    }
}
