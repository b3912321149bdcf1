package org.cdnbilling.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import org.cdnbilling.account.Account;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.unit.DataSize;

/** A conflict with a concurrent transaction is not answered as an outage of the database. */
class RpcExceptionHandlerTest {

    private final RpcExceptionHandler handler = new RpcExceptionHandler(new RpcResponses(
            new ApiSettings("cdn.aliyuncs.com", "https://example.com/{code}/{requestId}"),
            new HttpSettings(DataSize.ofMegabytes(2), Duration.ofSeconds(7))));

    static Exception[] conflicts() {
        return new Exception[] {
            new ObjectOptimisticLockingFailureException(Account.class, 1L),
            new IllegalStateException("wrapped", new ObjectOptimisticLockingFailureException(Account.class, 1L)),
            new CannotAcquireLockException("lock timeout"),
            new org.springframework.orm.jpa.JpaSystemException(new RuntimeException(
                    new SQLTransactionRollbackException("could not serialize access", "40001")))
        };
    }

    static Exception[] outages() {
        return new Exception[] {
            new CannotCreateTransactionException("no connection"),
            new DataAccessResourceFailureException("gone")
        };
    }

    @ParameterizedTest
    @MethodSource("conflicts")
    void aConflictIsNotServiceUnavailable(Exception conflict) {
        var reply = handler.handle(conflict, new MockHttpServletRequest());

        assertThat(reply.getStatusCode().value()).isEqualTo(500);
        assertThat(((ErrorBody) reply.getBody()).code()).isEqualTo("InternalError");
    }

    @ParameterizedTest
    @MethodSource("outages")
    void anUnreachableDatabaseStillIsServiceUnavailable(Exception outage) {
        var reply = handler.handle(outage, new MockHttpServletRequest());

        assertThat(reply.getStatusCode().value()).isEqualTo(503);
        assertThat(((ErrorBody) reply.getBody()).code()).isEqualTo("ServiceUnavailable");
        assertThat(reply.getHeaders().getFirst("Retry-After")).isEqualTo("7");
    }
}
