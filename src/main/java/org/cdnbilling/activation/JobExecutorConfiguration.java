package org.cdnbilling.activation;

import java.util.Optional;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor, in place of the one Camunda's starter would make, with the same
 * {@code camunda.bpm.job-execution.*} settings:
 * <ul>
 * <li>its threads let running jobs finish on shutdown (up to 30 s) instead of abandoning them to their lock
 * timeout;</li>
 * <li>its acquisition gathers the new jobs of a few milliseconds ({@link CoalescingJobExecutor},
 * {@link JobAcquisitionSettings}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class JobExecutorConfiguration {

    @Bean(name = "camundaTaskExecutor")
    TaskExecutor camundaTaskExecutor(CamundaBpmProperties camunda) {
        JobExecutionProperty jobs = camunda.getJobExecution();
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(jobs.getCorePoolSize());
        executor.setMaxPoolSize(jobs.getMaxPoolSize());
        executor.setQueueCapacity(jobs.getQueueCapacity());
        if (jobs.getKeepAliveSeconds() != null) {
            executor.setKeepAliveSeconds(jobs.getKeepAliveSeconds());
        }
        executor.setThreadNamePrefix("camunda-job-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        return executor;
    }

    /** As the starter's own, which steps back when this bean exists; off with the job executor. */
    @Bean
    @ConditionalOnProperty(prefix = "camunda.bpm.job-execution", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    JobExecutor jobExecutor(@Qualifier("camundaTaskExecutor") TaskExecutor camundaTaskExecutor,
            CamundaBpmProperties camunda, JobAcquisitionSettings acquisition) {
        JobExecutionProperty jobs = camunda.getJobExecution();
        SpringJobExecutor executor = new CoalescingJobExecutor(acquisition.gatherNewJobsFor());
        executor.setTaskExecutor(camundaTaskExecutor);
        executor.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
        Optional.ofNullable(jobs.getLockTimeInMillis()).ifPresent(executor::setLockTimeInMillis);
        Optional.ofNullable(jobs.getMaxJobsPerAcquisition()).ifPresent(executor::setMaxJobsPerAcquisition);
        Optional.ofNullable(jobs.getWaitTimeInMillis()).ifPresent(executor::setWaitTimeInMillis);
        Optional.ofNullable(jobs.getMaxWait()).ifPresent(executor::setMaxWait);
        Optional.ofNullable(jobs.getBackoffTimeInMillis()).ifPresent(executor::setBackoffTimeInMillis);
        Optional.ofNullable(jobs.getMaxBackoff()).ifPresent(executor::setMaxBackoff);
        Optional.ofNullable(jobs.getBackoffDecreaseThreshold()).ifPresent(executor::setBackoffDecreaseThreshold);
        Optional.ofNullable(jobs.getWaitIncreaseFactor()).ifPresent(executor::setWaitIncreaseFactor);
        return executor;
    }
}
