package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.cdnbilling.activation.ActivationProcess.*;

import java.util.stream.Stream;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.cdnbilling.error.ErrorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One test per path through {@code processes/cdn-activation.bpmn}, with every flow node covered. */
@Deployment(resources = RESOURCE)
class ActivationProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = (ProcessEngineCoverageExtension) ProcessEngineCoverageExtension
            .Companion.builder("process-test-engine.cfg.xml").assertClassCoverageAtLeast(1.0).build();

    private static final JavaDelegate PASS = execution -> { };

    @BeforeEach
    void everyStepPasses() {
        BpmnAwareTests.init(engine.getProcessEngine());
        ActivationSettings settings = new ActivationSettings();
        settings.setRetryCycle("R3/PT1M");
        Mocks.register("activationSettings", settings);
        Mocks.register("verifyProfileDelegate", PASS);
        Mocks.register("verifyPaymentMethodDelegate", PASS);
        Mocks.register("checkBalanceDelegate", PASS);
        Mocks.register("createOrderDelegate", (JavaDelegate) execution -> execution.setVariable(VAR_ORDER_ID, 42L));
        Mocks.register("activateCdnServiceDelegate", PASS);
    }

    @AfterEach
    void resetMocks() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void acceptedOrderIsActivatedAsynchronously() {
        ProcessInstance instance = start();

        assertThat(instance).isWaitingAt(TASK_ACTIVATE_CDN_SERVICE)
                .hasPassedInOrder(TASK_VERIFY_PROFILE, TASK_VERIFY_PAYMENT_METHOD, TASK_CHECK_BALANCE, TASK_CREATE_ORDER)
                .hasBusinessKey("1001")
                .variables().containsEntry(VAR_ORDER_ID, 42L).doesNotContainKey(VAR_REJECTION_CODE);
        execute(job(instance));
        assertThat(instance).isEnded().hasPassed(TASK_ACTIVATE_CDN_SERVICE, END_ACTIVATED);
    }

    static Stream<Arguments> synchronousRejections() {
        return Stream.of(
                Arguments.of("verifyProfileDelegate", ErrorCode.NO_REAL_NAME_AUTHENTICATION, END_PROFILE_REJECTED),
                Arguments.of("verifyProfileDelegate", ErrorCode.USER_PROFILE_INCOMPLETE, END_PROFILE_REJECTED),
                Arguments.of("verifyProfileDelegate", ErrorCode.FORBIDDEN_INTL, END_PROFILE_REJECTED),
                Arguments.of("verifyProfileDelegate", ErrorCode.FORBIDDEN_BID_USER, END_PROFILE_REJECTED),
                Arguments.of("verifyPaymentMethodDelegate", ErrorCode.INVALID_PAY_METHOD, END_PAYMENT_METHOD_REJECTED),
                Arguments.of("checkBalanceDelegate", ErrorCode.INSUFFICIENT_BALANCE, END_BALANCE_REJECTED),
                Arguments.of("checkBalanceDelegate", ErrorCode.QUERY_INFO_ERROR, END_BALANCE_REJECTED),
                Arguments.of("createOrderDelegate", ErrorCode.CREATE_ORDER_FAILED_CHARGE_TYPE, END_ORDER_REJECTED),
                Arguments.of("createOrderDelegate", ErrorCode.CREATE_ORDER_FAILED_ACCOUNT_QUERY, END_ORDER_REJECTED));
    }

    @ParameterizedTest(name = "{0} rejects with {1}")
    @MethodSource("synchronousRejections")
    void rejectionInTheCallersRequestEndsRejectedWithItsCode(String delegate, ErrorCode code, String endEvent) {
        Mocks.register(delegate, rejectingWith(code));

        ProcessInstance instance = start();

        assertThat(instance).isEnded().hasPassed(endEvent).hasNotPassed(TASK_ACTIVATE_CDN_SERVICE)
                .variables()
                .containsEntry(VAR_REJECTION_CODE, code.code())
                .containsEntry(VAR_REJECTION_MESSAGE, code.message());
    }

    @Test
    void serviceOpenedMeanwhileRejectsTheActivation() {
        Mocks.register("activateCdnServiceDelegate", rejectingWith(ErrorCode.SERVICE_HAS_OPENED));
        ProcessInstance instance = start();

        execute(job(instance));

        assertThat(instance).isEnded().hasPassed(END_ACTIVATION_REJECTED).hasNotPassed(END_ACTIVATED)
                .variables().containsEntry(VAR_REJECTION_CODE, "CdnService.HasOpened");
    }

    @Test
    void failingProvisioningBecomesAnIncidentAfterTheLastTryAndARetryFinishesIt() {
        Mocks.register("activateCdnServiceDelegate", (JavaDelegate) execution -> {
            throw new ActivationFailedException(42L, 1011L, "the backend timed out", null);
        });
        ProcessInstance instance = start();

        for (int attempt = 1; attempt <= 3; attempt++) {
            String jobId = job(instance).getId();
            assertThatThrownBy(() -> managementService().executeJob(jobId))
                    .hasMessageContaining("Order 42 of account 1011");
        }

        assertThat(job(instance)).hasRetries(0);
        assertThat(runtimeService().createIncidentQuery().processInstanceId(instance.getId()).singleResult()
                .getIncidentMessage())
                .isEqualTo("Order 42 of account 1011 is not activated: the step 'Activate CDN service' failed "
                        + "because the backend timed out");
        assertThat(instance).isWaitingAt(TASK_ACTIVATE_CDN_SERVICE);

        Mocks.register("activateCdnServiceDelegate", PASS);
        managementService().setJobRetries(job(instance).getId(), 1);
        execute(job(instance));
        assertThat(instance).isEnded().hasPassed(END_ACTIVATED);
    }

    private static ProcessInstance start() {
        return runtimeService().startProcessInstanceByKey(PROCESS_KEY, "1001", Variables.createVariables()
                .putValue(VAR_OWNER_ID, 1001L)
                .putValue(VAR_CHARGE_TYPE, "PayByTraffic")
                .putValue(VAR_REQUEST_ID, "TEST-REQUEST"));
    }

    private static JavaDelegate rejectingWith(ErrorCode code) {
        return execution -> {
            throw new BpmnError(code.code(), code.message());
        };
    }
}
