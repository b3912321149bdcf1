package org.cdnbilling.chargetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.cdnbilling.chargetype.ChargeTypeChangeProcess.*;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.camunda.bpm.engine.variable.Variables;
import org.camunda.community.process_test_coverage.junit5.platform7.ProcessEngineCoverageExtension;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one path through {@code processes/cdn-charge-type-change.bpmn}: wait for the billing day, apply. */
@Deployment(resources = RESOURCE)
class ChargeTypeChangeProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = (ProcessEngineCoverageExtension) ProcessEngineCoverageExtension
            .Companion.builder("process-test-engine.cfg.xml").assertClassCoverageAtLeast(1.0).build();

    @BeforeEach
    void useThisEngine() {
        BpmnAwareTests.init(engine.getProcessEngine());
    }

    @AfterEach
    void resetMocks() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    @Test
    void waitsForTheNextBillingDayThenAppliesTheChange() {
        AtomicInteger applied = new AtomicInteger();
        Mocks.register("applyChargeTypeChangeDelegate", (JavaDelegate) execution -> applied.incrementAndGet());
        Instant affectTime = Instant.parse("2030-01-01T16:00:00Z");

        ProcessInstance instance = runtimeService().startProcessInstanceByKey(PROCESS_KEY, "1001",
                Variables.createVariables().putValue(VAR_OWNER_ID, 1001L)
                        .putValue(VAR_CHARGE_TYPE, "PayByBandwidth")
                        .putValue(VAR_AFFECT_TIME, Date.from(affectTime)));

        assertThat(instance).isWaitingAt(TIMER_UNTIL_AFFECT_TIME);
        assertThat(job(instance).getDuedate()).isEqualTo(Date.from(affectTime));
        assertThat(applied).hasValue(0);

        execute(job(instance));

        assertThat(instance).isEnded().hasPassedInOrder(TIMER_UNTIL_AFFECT_TIME, TASK_APPLY, END_APPLIED);
        assertThat(applied).hasValue(1);
    }
}
