package org.cdnbilling.engine;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The job executor's threads, sized by {@code camunda.bpm.job-execution.*} as Camunda's starter would, but
 * never more than the database pool can give jobs while keeping {@code cdn.engine.connections-reserved-for-callers}
 * connections for callers of the API, and on shutdown letting running jobs finish (up to 30 s) instead of
 * abandoning them to their lock timeout.
 * <p>
 * <b>Why the job executor is capped by the pool.</b> A job runs in one transaction, which holds one pooled
 * connection from its first statement (the engine reads the job) to its commit, also while <i>Activate CDN
 * service</i> waits for the provisioning backend (up to {@code cdn.provisioning.timeout}). While the backend
 * hangs, every job thread running that step holds a connection and does nothing with it. If jobs may run on as
 * many threads as the pool has connections, {@code OpenCdnService} callers find none and get
 * {@code ServiceUnavailable} after Hikari's {@code connection-timeout}; the sizes of the job executor, the
 * provisioning bulkhead and the pool were all that prevented it. Three ways out were weighed:
 * <ul>
 * <li>no connection held across the call: Camunda runs a job in one transaction from its first statement, so
 * the call would have to leave the job (a step of our own that calls the backend outside any transaction and
 * then correlates the answer). New moving parts: what happens to an answer when the node dies, retries,
 * incidents;</li>
 * <li>Camunda external tasks: the call leaves the engine altogether, and with it what operators and tests rely
 * on: a stuck order becomes an external task incident in Cockpit (the runbook and its browser test), the job log
 * that {@code TwoNodesTest} reads to tell which node ran an activation is gone, the activation metrics and the
 * retry cycle move to the worker;</li>
 * <li>limits derived from the pool: contained in this class, the process and everything operators see stay as
 * they are. Chosen.</li>
 * </ul>
 * The job executor gets at most {@code maximumPoolSize - connectionsReservedForCallers} threads, computed from
 * the pool's actual {@code maximumPoolSize} at start-up, whatever {@code camunda.bpm.job-execution.max-pool-size}
 * and {@code cdn.provisioning.max-concurrent-calls} say. That bounds what jobs hold, whatever they wait for:
 * a thread runs one job at a time; a job holds one connection (a failed job's retry count is written after its
 * transaction ended, in one of its own); jobs waiting for a thread wait in the executor's queue or in the
 * database and hold none; a job that finds the provisioning bulkhead full fails at once
 * ({@code TimeLimitedProvisioning}) instead of waiting with its connection; the bulkhead's own threads hold no
 * connection. Callers keep the reserve (shared with the job acquisition's short query) and use any connection
 * jobs leave free. A pool too small to leave jobs a thread stops the start-up.
 */
@Configuration(proxyBeanMethods = false)
class JobExecutorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(JobExecutorConfiguration.class);

    @Bean(name = "camundaTaskExecutor")
    TaskExecutor camundaTaskExecutor(CamundaBpmProperties camunda, DataSource dataSource, EngineSettings settings) {
        JobExecutionProperty jobs = camunda.getJobExecution();
        int threads = jobs.getMaxPoolSize();
        OptionalInt poolSize = maximumPoolSize(dataSource);
        if (poolSize.isPresent()) {
            threads = threadsLeavingReserve(threads, poolSize.getAsInt(), settings.connectionsReservedForCallers());
            log.info("Job executor: at most {} threads (camunda.bpm.job-execution.max-pool-size {}, database pool "
                    + "{} connections, {} reserved for callers)", threads, jobs.getMaxPoolSize(),
                    poolSize.getAsInt(), settings.connectionsReservedForCallers());
        } else {
            log.warn("Job executor: {} threads; the database pool is not Hikari, so its size is unknown and jobs "
                    + "waiting on a backend may hold every connection", threads);
        }
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setCorePoolSize(Math.min(jobs.getCorePoolSize(), threads));
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(jobs.getQueueCapacity());
        if (jobs.getKeepAliveSeconds() != null) {
            executor.setKeepAliveSeconds(jobs.getKeepAliveSeconds());
        }
        executor.setThreadNamePrefix("camunda-job-");
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(30);
        return executor;
    }

    /** The job threads a pool of {@code poolSize} connections allows, {@code reserved} of them kept for callers. */
    static int threadsLeavingReserve(int configuredThreads, int poolSize, int reserved) {
        int forJobs = poolSize - reserved;
        if (forJobs < 1) {
            throw new IllegalStateException("The database pool has " + poolSize + " connections and "
                    + reserved + " are reserved for callers (cdn.engine.connections-reserved-for-callers): none is "
                    + "left for the job executor. Raise spring.datasource.hikari.maximum-pool-size or lower the "
                    + "reserve.");
        }
        return Math.min(configuredThreads, forJobs);
    }

    private static OptionalInt maximumPoolSize(DataSource dataSource) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                return OptionalInt.of(dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize());
            }
        } catch (SQLException e) {
            log.warn("Could not read the size of the database pool", e);
        }
        return OptionalInt.empty();
    }
}
