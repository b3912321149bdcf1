package org.cdnbilling.billing.run;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.cdnbilling.billing.SetAsideAccounts;
import org.cdnbilling.engine.ProcessVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An account set aside is a running instance of {@code cdn-billing-set-aside} with its OwnerId as business key: what
 * operators see in Cockpit is the whole of the state, so cancelling the instance hands the account back to the runs.
 */
@Component
class SetAsideAccountInstances implements SetAsideAccounts {

    private static final Logger log = LoggerFactory.getLogger(SetAsideAccountInstances.class);

    private final RuntimeService runtime;
    private final ProcessVersions versions;

    SetAsideAccountInstances(RuntimeService runtime, ProcessVersions versions) {
        this.runtime = runtime;
        this.versions = versions;
    }

    @Override
    public Set<Long> all() {
        return runtime.createProcessInstanceQuery().processDefinitionKey(BillingSetAsideProcess.PROCESS_KEY).list()
                .stream().map(ProcessInstance::getBusinessKey).map(Long::valueOf).collect(Collectors.toSet());
    }

    @Override
    public void setAside(long ownerId, String reason, String runId) {
        ProcessInstance instance = runtime.startProcessInstanceById(
                versions.startDefinitionId(BillingSetAsideProcess.PROCESS_KEY),
                Long.toString(ownerId), Map.of(BillingSetAsideProcess.VAR_OWNER_ID, ownerId,
                        BillingSetAsideProcess.VAR_REASON, reason, BillingSetAsideProcess.VAR_RUN_ID, runId));
        log.warn("Billing run {}: account {} set aside ({}), instance {} of {}", runId, ownerId, reason,
                instance.getId(), BillingSetAsideProcess.PROCESS_KEY);
    }
}
