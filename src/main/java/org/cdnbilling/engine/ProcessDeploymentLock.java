package org.cdnbilling.engine;

import java.util.function.Supplier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The cluster's lock on deploying the shipped diagrams: a row of {@code process_deployment_lock} locked for the
 * transaction in which a node checks which of its diagrams are deployed and deploys the others (Camunda's commands
 * join that transaction). Camunda's own deployment lock is not enough: it is skipped on H2, where two starts at
 * once each found the diagram new and each deployed it.
 */
@Component
public class ProcessDeploymentLock {

    static final String NAME = "shipped-processes";

    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;

    public ProcessDeploymentLock(PlatformTransactionManager transactionManager, JdbcTemplate jdbc) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
    }

    /** Runs the work in one transaction that holds the lock from its first statement to its commit. */
    public <T> T holding(Supplier<T> work) {
        return transactions.execute(status -> {
            jdbc.queryForObject("select name from process_deployment_lock where name = ? for update", String.class,
                    NAME);
            return work.get();
        });
    }
}
