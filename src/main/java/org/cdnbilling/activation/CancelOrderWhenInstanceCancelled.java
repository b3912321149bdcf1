package org.cdnbilling.activation;

import java.time.Clock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.impl.pvm.runtime.PvmExecutionImpl;
import org.cdnbilling.engine.InstanceCancellationListener;
import org.cdnbilling.order.CdnOrder;
import org.cdnbilling.order.OrderStatus;
import org.cdnbilling.order.Orders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compensates a cancelled activation: when an operator cancels the process instance (Cockpit, the engine
 * REST API, an instance modification), its accepted order is cancelled in the same transaction, so the
 * database agrees with Cockpit and the account may order again. An instance that ends normally, or whose
 * order is already activated or rejected, is left alone.
 * <p>
 * {@code org.cdnbilling.engine.CancellationListenersPlugin} registers it as a built-in listener, which the engine runs even
 * when custom listeners are skipped (Cockpit's cancel dialog skips them by default).
 */
@Component
public class CancelOrderWhenInstanceCancelled implements InstanceCancellationListener {

    private static final Logger log = LoggerFactory.getLogger(CancelOrderWhenInstanceCancelled.class);
    private static final int MAX_REASON_LENGTH = 512;

    private final Orders orders;
    private final Clock clock;
    private final ActivationMetrics metrics;

    CancelOrderWhenInstanceCancelled(Orders orders, Clock clock, ActivationMetrics metrics) {
        this.orders = orders;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public String processKey() {
        return ActivationProcess.PROCESS_KEY;
    }

    @Override
    public void notify(DelegateExecution execution) {
        if (!execution.isCanceled()) {
            return;
        }
        Object orderId = execution.getVariable(ActivationProcess.VAR_ORDER_ID);
        if (orderId == null) {
            log.info("Process instance {} cancelled before its order was created", execution.getProcessInstanceId());
            return;
        }
        CdnOrder order = orders.findById(((Number) orderId).longValue()).orElse(null);
        if (order == null || order.status() != OrderStatus.ACCEPTED) {
            log.info("Process instance {} cancelled; order {} is {}, left as it is", execution.getProcessInstanceId(),
                    orderId, order == null ? "gone" : order.status());
            return;
        }
        String reason = reason(execution);
        order.cancel(reason, clock.instant());
        orders.save(order);
        ActivationMetrics.afterCommit(metrics::cancelled);
        log.info("Order {} of account {} cancelled: {}", order.id(), order.ownerId(), reason);
    }

    /** Who cancelled the instance and why, as the order's end reason. */
    private static String reason(DelegateExecution execution) {
        Authentication operator = execution.getProcessEngineServices().getIdentityService().getCurrentAuthentication();
        String deleteReason = execution instanceof PvmExecutionImpl pvm ? pvm.getDeleteReason() : null;
        String reason = "Process instance " + execution.getProcessInstanceId() + " cancelled"
                + (operator == null ? "" : " by " + operator.getUserId())
                + (deleteReason == null || deleteReason.isBlank() ? "" : ": " + deleteReason);
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
    }
}
