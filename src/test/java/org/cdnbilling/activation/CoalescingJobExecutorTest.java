package org.cdnbilling.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor of this application on a plain in-memory engine: jobs committed one after another within
 * the gathering time are locked by one acquisition, and each is acquired and run once.
 */
class CoalescingJobExecutorTest {

    private static final int JOBS = 5;

    private final List<Integer> acquisitions = new CopyOnWriteArrayList<>();
    private final ThreadPoolTaskExecutor threads = new ThreadPoolTaskExecutor();
    private ProcessEngine engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        threads.shutdown();
    }

    @Test
    void jobsCreatedWhileItGathersAreAcquiredTogether() {
        start(Duration.ofSeconds(2));

        for (int i = 0; i < JOBS; i++) {
            engine.getRuntimeService().startProcessInstanceByKey("asyncStep", "order-" + i);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> engine.getHistoryService().createHistoricProcessInstanceQuery().finished().count() == JOBS);
        assertThat(acquisitions.stream().mapToInt(Integer::intValue).sum()).as("jobs acquired").isEqualTo(JOBS);
        // a poll that happened to run when the first job came in may have taken that one on its own
        assertThat(acquisitions.stream().mapToInt(Integer::intValue).max().orElse(0)).as("jobs of the largest acquisition")
                .isGreaterThanOrEqualTo(JOBS - 1);
    }

    @Test
    void withoutGatheringEachJobStillRunsOnce() {
        start(Duration.ZERO);

        for (int i = 0; i < JOBS; i++) {
            engine.getRuntimeService().startProcessInstanceByKey("asyncStep", "order-" + i);
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> engine.getHistoryService().createHistoricProcessInstanceQuery().finished().count() == JOBS);
        assertThat(acquisitions.stream().mapToInt(Integer::intValue).sum()).as("jobs acquired").isEqualTo(JOBS);
    }

    private void start(Duration gatherFor) {
        threads.setCorePoolSize(3);
        threads.setThreadNamePrefix("coalescing-test-");
        threads.initialize();
        CoalescingJobExecutor jobExecutor = new CoalescingJobExecutor(gatherFor) {
            @Override
            public void logAcquiredJobs(ProcessEngineImpl processEngine, int numJobs) {
                if (numJobs > 0) {
                    acquisitions.add(numJobs);
                }
                super.logAcquiredJobs(processEngine, numJobs);
            }
        };
        jobExecutor.setTaskExecutor(threads);
        // without new jobs it would poll every 10 s: every acquisition in these tests is one a new job woke
        jobExecutor.setWaitTimeInMillis(10_000);
        jobExecutor.setMaxWait(10_000);
        jobExecutor.setMaxJobsPerAcquisition(10);
        StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
        configuration.setProcessEngineName("coalescing-job-executor-test");
        configuration.setJdbcUrl("jdbc:h2:mem:coalescing-job-executor-test;DB_CLOSE_DELAY=-1");
        configuration.setHistory("activity");
        configuration.setJobExecutor(jobExecutor);
        configuration.setJobExecutorActivate(true);
        engine = configuration.buildProcessEngine();
        engine.getRepositoryService().createDeployment()
                .addModelInstance("asyncStep.bpmn", Bpmn.createExecutableProcess("asyncStep")
                        .camundaHistoryTimeToLive(1)
                        .startEvent()
                        .serviceTask("work").camundaAsyncBefore().camundaExpression("${true}")
                        .endEvent()
                        .done())
                .deploy();
    }
}
