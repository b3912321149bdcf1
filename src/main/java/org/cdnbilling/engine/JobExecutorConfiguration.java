package org.cdnbilling.engine;

import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor's threads, sized by {@code camunda.bpm.job-execution.*} as Camunda's starter would, but
 * on shutdown letting running jobs finish (up to 30 s) instead of abandoning them to their lock timeout.
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
}
