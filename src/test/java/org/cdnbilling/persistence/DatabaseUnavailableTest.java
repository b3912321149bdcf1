package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.cdnbilling.account.Account;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures say that the database is unavailable, as the JDBC driver, Hikari, Camunda and Spring wrap them. */
class DatabaseUnavailableTest {

    static Throwable[] outages() {
        return new Throwable[] {
            // pg_terminate_backend, as Camunda's MyBatis session reports it, as a login filter lets it through
            new ServletException(new ProcessEngineException("Cannot check password",
                    new PersistenceException(new SQLException("FATAL: terminating connection due to administrator "
                            + "command", "57P01")))),
            new ProcessEngineException(new SQLException("This connection has been closed.", "08003")),
            new SQLException("too many connections", "53300"),
            new CannotCreateTransactionException("Could not open JPA EntityManager",
                    new SQLTransientConnectionException("HikariPool-1 - Connection is not available")),
            new IllegalStateException(new java.net.ConnectException("Connection refused"))
        };
    }

    static Throwable[] notOutages() {
        return new Throwable[] {
            new IllegalStateException("a defect"),
            new DataIntegrityViolationException("duplicate key", new SQLException("duplicate", "23505")),
            new ProcessEngineException("no such definition"),
            // a conflict with a concurrent transaction is a defect, even where a connection class is in the chain
            new CannotCreateTransactionException("retry",
                    new ObjectOptimisticLockingFailureException(Account.class, 1L))
        };
    }

    @ParameterizedTest
    @MethodSource("outages")
    void anUnreachableOrLostDatabaseIsUnavailable(Throwable outage) {
        assertThat(DatabaseUnavailable.isCause(outage)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("notOutages")
    void otherFailuresAreNot(Throwable failure) {
        assertThat(DatabaseUnavailable.isCause(failure)).isFalse();
    }
}
