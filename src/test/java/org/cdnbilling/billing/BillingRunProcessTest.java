package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.jobQuery;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.managementService;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.runtimeService;
import static org.cdnbilling.billing.run.BillingRunProcess.*;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
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

/**
 * The paths through {@code processes/cdn-billing-run.bpmn}: nothing due ends at once; due partitions are one
 * asynchronous job each and the run ends once all are billed; a failing partition is one incident naming the
 * cause, and retrying it (as Cockpit does) finishes the run.
 */
@Deployment(resources = RESOURCE)
class BillingRunProcessTest {

    @RegisterExtension
    static ProcessEngineCoverageExtension engine = (ProcessEngineCoverageExtension) ProcessEngineCoverageExtension
            .Companion.builder("process-test-engine.cfg.xml").assertClassCoverageAtLeast(1.0).build();

    private final Map<String, AtomicInteger> billed = new ConcurrentHashMap<>();
    private final AtomicInteger runsEnded = new AtomicInteger();
    private final AtomicBoolean partitionFails = new AtomicBoolean();
    private List<String> due = List.of();

    @BeforeEach
    void mocks() {
        BpmnAwareTests.init(engine.getProcessEngine());
        Mocks.register("billingSchedule", new Schedule());
        Mocks.register("findDueUsageDelegate", (JavaDelegate) execution -> {
            execution.setVariable(VAR_DUE_AT, new Date());
            execution.setVariable(VAR_PARTITION_COUNT, due.size());
            execution.setVariable(VAR_PARTITIONS, Variables.objectValue(due, true).create());
        });
        Mocks.register("billPartitionDelegate", (JavaDelegate) execution -> {
            String partition = (String) execution.getVariable(VAR_PARTITION);
            if (partitionFails.get() && partition.equals("3-4")) {
                throw new IllegalStateException("Billing of accounts 3-4 failed (hour_flow ...): database down");
            }
            billed.computeIfAbsent(partition, p -> new AtomicInteger()).incrementAndGet();
        });
        Mocks.register("billingRunEndListener", (ExecutionListener) execution -> runsEnded.incrementAndGet());
    }

    @AfterEach
    void reset() {
        Mocks.reset();
        BpmnAwareTests.reset();
    }

    /** What the diagram reads of the settings. */
    public static class Schedule {
        public String getCron() {
            return "0 0/10 * * * ?";
        }

        public String getPartitionRetryCycle() {
            return "R1/PT1M";
        }
    }

    @Test
    void aRunWithNothingDueEndsAtOnce() {
        ProcessInstance run = runtimeService().startProcessInstanceByKey(PROCESS_KEY);

        assertThat(run).hasPassed(START_SCHEDULE, TASK_FIND_DUE, GATEWAY_ANYTHING_DUE, END_NOTHING_DUE)
                .hasNotPassed(TASK_BILL_PARTITION).isEnded();
        assertThat(billed).isEmpty();
        assertThat(runsEnded).hasValue(1);
    }

    @Test
    void eachDuePartitionIsAnAsynchronousJobAndTheRunEndsOnceAllAreBilled() {
        due = List.of("1-2", "3-4", "5-5");
        ProcessInstance run = runtimeService().startProcessInstanceByKey(PROCESS_KEY);

        assertThat(run).isWaitingAt(TASK_BILL_PARTITION);
        List<Job> partitions = jobQuery().processInstanceId(run.getId()).list();
        assertThat(partitions).hasSize(3);
        assertThat(billed).isEmpty();
        assertThat(partitions).allSatisfy(job -> assertThat(((JobEntity) job).isExclusive())
                .as("partitions run in parallel, on every node").isFalse());
        partitions.forEach(job -> execute(job));
        assertThat(billed.keySet()).containsExactlyInAnyOrder("1-2", "3-4", "5-5");
        assertThat(billed.values()).allMatch(n -> n.get() == 1);
        List<Job> completions = jobQuery().processInstanceId(run.getId()).list();
        assertThat(completions).hasSize(3).allSatisfy(job -> assertThat(((JobEntity) job).isExclusive())
                .as("completions of partitions take turns").isTrue());
        completions.forEach(job -> execute(job));

        assertThat(run).hasPassed(TASK_BILL_PARTITION, EVENT_PARTITION_BILLED, SUBPROCESS_BILL_PARTITIONS, END_BILLED)
                .isEnded();
        assertThat(runsEnded).hasValue(1);
    }

    @Test
    void aFailingPartitionIsOneIncidentAndItsRetryFinishesTheRun() {
        due = List.of("1-2", "3-4");
        partitionFails.set(true);
        ProcessInstance run = runtimeService().startProcessInstanceByKey(PROCESS_KEY);
        for (Job job : jobQuery().processInstanceId(run.getId()).list()) {
            try {
                managementService().executeJob(job.getId());
            } catch (RuntimeException expected) {
                assertThat(expected).hasMessageContaining("accounts 3-4");
            }
        }

        List<Incident> incidents = runtimeService().createIncidentQuery().processInstanceId(run.getId()).list();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getIncidentMessage()).contains("accounts 3-4", "hour_flow", "database down");
        assertThat(billed.keySet()).containsExactly("1-2");

        partitionFails.set(false);
        Job failed = jobQuery().processInstanceId(run.getId()).withException().singleResult();
        managementService().setJobRetries(failed.getId(), 1);
        while (jobQuery().processInstanceId(run.getId()).count() > 0) {
            execute(jobQuery().processInstanceId(run.getId()).list().get(0));
        }

        assertThat(billed.get("3-4")).hasValue(1);
        assertThat(billed.get("1-2")).hasValue(1);
        assertThat(runtimeService().createIncidentQuery().processInstanceId(run.getId()).count()).isZero();
        assertThat(run).hasPassed(END_BILLED).isEnded();
    }

    @Test
    void theScheduleStartsARun() {
        due = List.of("7-9");
        Job timer = managementService().createJobQuery().timers().processDefinitionKey(PROCESS_KEY).singleResult();
        assertThat(timer.getDuedate()).isAfter(new Date());

        execute(timer);

        ProcessInstance run = runtimeService().createProcessInstanceQuery().processDefinitionKey(PROCESS_KEY)
                .singleResult();
        assertThat(run).isWaitingAt(TASK_BILL_PARTITION);
        assertThat(managementService().createJobQuery().timers().processDefinitionKey(PROCESS_KEY).count())
                .as("the next scheduled run").isEqualTo(1);
    }
}
