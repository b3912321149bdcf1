package org.cdnbilling.overdue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.cdnbilling.overdue.OverdueProcess.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each path through {@code processes/cdn-overdue.bpmn}, with its steps replaced by recorders. */
@Deployment(resources = RESOURCE)
class OverdueProcessTest {

    private static final Instant GRACE_ENDS = Instant.parse("2030-01-16T08:00:00Z");

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = (ProcessEngineCoverageExtension) ProcessEngineCoverageExtension
            .Companion.builder("process-test-engine.cfg.xml").assertClassCoverageAtLeast(1.0).build();

    private final List<String> steps = new ArrayList<>();
    private boolean settledWhileSuspending;
    private RuntimeException suspensionFailure;

    @BeforeEach
    void recordSteps() {
        BpmnAwareTests.init(engine.getProcessEngine());
        OverdueSettings settings = new OverdueSettings();
        settings.setOverdueRetryCycle("R2/PT1M");
        Mocks.register("overdueSettings", settings);
        Mocks.register("markOverdueDelegate", (JavaDelegate) execution -> steps.add("overdue"));
        Mocks.register("suspendServiceDelegate", (JavaDelegate) execution -> {
            if (suspensionFailure != null) {
                throw suspensionFailure;
            }
            steps.add("suspend");
        });
        Mocks.register("checkSettlementDelegate",
                (JavaDelegate) execution -> execution.setVariable(VAR_SETTLED, settledWhileSuspending));
        Mocks.register("resumeServiceDelegate", (JavaDelegate) execution -> steps.add("resume"));
        Mocks.register("closeDebtDelegate", (JavaDelegate) execution -> steps.add("close"));
    }

    @AfterEach
    void resetMocks() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void settledWithinTheGracePeriodEndsWithNothingSuspended() {
        ProcessInstance instance = start();
        assertThat(instance).isWaitingAt(GATEWAY_GRACE_OR_SETTLED);
        assertThat(job(instance).getDuedate()).isEqualTo(Date.from(GRACE_ENDS));

        settle();

        assertThat(instance).isEnded().hasPassedInOrder(EVENT_SETTLED_IN_GRACE, TASK_CLOSE_DEBT, END_SETTLED_IN_GRACE)
                .hasNotPassed(TASK_SUSPEND);
        assertThat(steps).containsExactly("close");
    }

    @Test
    void graceOverSuspendsThenWaitsForTheSettlementThenResumes() {
        ProcessInstance instance = start();

        execute(job(instance));
        assertThat(instance).isWaitingAt(TASK_SUSPEND);
        assertThat(steps).containsExactly("overdue");
        execute(job(instance));
        assertThat(instance).isWaitingAt(EVENT_WAIT_FOR_SETTLEMENT);
        assertThat(steps).containsExactly("overdue", "suspend");

        settle();
        assertThat(instance).isWaitingAt(TASK_RESUME);
        execute(job(instance));

        assertThat(instance).isEnded().hasPassedInOrder(TIMER_GRACE_OVER, TASK_MARK_OVERDUE, TASK_SUSPEND,
                TASK_CHECK_SETTLEMENT, EVENT_WAIT_FOR_SETTLEMENT, TASK_RESUME, END_RESUMED);
        assertThat(steps).containsExactly("overdue", "suspend", "resume");
    }

    @Test
    void settledWhileTheServiceWasBeingSuspendedStillEndsResumed() {
        settledWhileSuspending = true;
        ProcessInstance instance = start();
        execute(job(instance));
        execute(job(instance));

        assertThat(instance).isWaitingAt(TASK_RESUME).hasNotPassed(EVENT_WAIT_FOR_SETTLEMENT);
        execute(job(instance));

        assertThat(instance).isEnded().hasPassed(END_RESUMED).hasNotPassed(EVENT_WAIT_FOR_SETTLEMENT);
        assertThat(steps).containsExactly("overdue", "suspend", "resume");
    }

    @Test
    void aSuspensionFailingOnEveryTryIsAnIncidentWithTheCause() {
        suspensionFailure = new IllegalStateException("Suspending the CDN service of account 1014 failed: timeout");
        ProcessInstance instance = start();
        execute(job(instance));

        for (int attempt = 0; attempt < 2; attempt++) {
            Job suspend = job(instance);
            try {
                managementService().executeJob(suspend.getId());
            } catch (IllegalStateException expected) {
                // the job fails; the engine counts the try down
            }
        }

        Incident incident = runtimeService().createIncidentQuery().processInstanceId(instance.getId()).singleResult();
        assertThat(incident.getActivityId()).isEqualTo(TASK_SUSPEND);
        assertThat(incident.getIncidentMessage()).contains("account 1014").contains("timeout");
        assertThat(steps).containsExactly("overdue");
    }

    private ProcessInstance start() {
        return runtimeService().startProcessInstanceByKey(PROCESS_KEY, "1014", Variables.createVariables()
                .putValue(VAR_OWNER_ID, 1014L).putValue(VAR_DEBT_ID, 7L)
                .putValue(VAR_GRACE_ENDS_AT, Date.from(GRACE_ENDS)));
    }

    private static void settle() {
        runtimeService().createMessageCorrelation(MESSAGE_DEBT_SETTLED).processInstanceBusinessKey("1014")
                .processInstanceVariableEquals(VAR_DEBT_ID, 7L).correlateAll();
    }
}
