package org.cdnbilling.activation;

import static org.cdnbilling.activation.ActivationProcess.VAR_REJECTION_CODE;
import static org.cdnbilling.activation.ActivationProcess.VAR_REJECTION_MESSAGE;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.variable.VariableMap;
import org.camunda.bpm.engine.variable.Variables;
import org.cdnbilling.error.ApiException;
import org.cdnbilling.engine.ProcessVersions;
import org.cdnbilling.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Opens the CDN service of an account: refuses accounts already served, then runs the activation process
 * synchronously up to its asynchronous step, so that every rejection reaches the caller in this request.
 * The check and the process start share one transaction (one connection, one read of the account for all
 * the steps, one commit); the check of a request that lost a race runs afterwards, in a transaction of its
 * own.
 */
@Service
public class ActivationService {

    private static final Logger log = LoggerFactory.getLogger(ActivationService.class);

    private final RuntimeService runtimeService;
    private final ProcessVersions versions;
    private final JdbcTemplate jdbc;
    private final ActivationRefusals refusals;
    private final TransactionTemplate transaction;

    ActivationService(RuntimeService runtimeService, ProcessVersions versions, JdbcTemplate jdbc,
            ActivationRefusals refusals, PlatformTransactionManager transactions) {
        this.runtimeService = runtimeService;
        this.versions = versions;
        this.jdbc = jdbc;
        this.refusals = refusals;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * @throws ApiException with the documented code if the activation is refused
     */
    public void open(OpenCdnServiceCommand command) {
        VariableMap outcome;
        try {
            outcome = transaction.execute(status -> checkAndStart(command));
        } catch (ApiException e) {
            throw settledBy(e, command.ownerId());
        }
        String rejection = outcome.getValue(VAR_REJECTION_CODE, String.class);
        if (rejection != null) {
            ErrorCode code = ErrorCode.of(rejection, outcome.getValue(VAR_REJECTION_MESSAGE, String.class));
            log.info("Activation refused: {}", code.code());
            throw new ApiException(code);
        }
        log.info("Activation accepted: order {}", outcome.get(ActivationProcess.VAR_ORDER_ID));
    }

    private VariableMap checkAndStart(OpenCdnServiceCommand command) {
        if (alreadyServed(command.ownerId())) {
            throw new ApiException(ErrorCode.SERVICE_HAS_OPENED);
        }
        VariableMap outcome = runtimeService
                .createProcessInstanceById(versions.startDefinitionId(ActivationProcess.PROCESS_KEY))
                .businessKey(Long.toString(command.ownerId()))
                .setVariables(Variables.createVariables()
                        .putValue(ActivationProcess.VAR_OWNER_ID, command.ownerId())
                        .putValue(ActivationProcess.VAR_CHARGE_TYPE, command.chargeType().name())
                        .putValue(ActivationProcess.VAR_REQUEST_ID, command.requestId()))
                .executeWithVariablesInReturn()
                .getVariables();
        String rejection = outcome.getValue(VAR_REJECTION_CODE, String.class);
        if (rejection != null) {
            // kept after the engine history of the refusal is removed (docs/history-retention.md)
            refusals.record(command.requestId(), command.ownerId(), rejection);
        }
        return outcome;
    }

    /**
     * A request that failed to store its order may have lost a race against a concurrent request of the
     * same account; if that one won, the caller is told the service is opened.
     */
    private ApiException settledBy(ApiException failure, long ownerId) {
        if (failure.errorCode() == ErrorCode.CREATE_ORDER_FAILED && alreadyServed(ownerId)) {
            return new ApiException(ErrorCode.SERVICE_HAS_OPENED, null, failure);
        }
        return failure;
    }

    /** Whether the account has a service or an order still active: one statement, asked on every activation. */
    private boolean alreadyServed(long ownerId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from cdn_service where owner_id = ?)"
                + " or exists (select 1 from cdn_order where active_owner_id = ?)", Boolean.class, ownerId, ownerId));
    }
}
