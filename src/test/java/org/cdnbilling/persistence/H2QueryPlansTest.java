package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import javax.xml.datatype.DatatypeFactory;
import org.cdnbilling.support.DemoApplicationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The database settings that keep an activation cheap (docs/performance.md): on H2, Camunda's variable
 * lookup of every activation job is planned on the execution's index even on a young database, and the
 * engine's retry-cycle parsing does not scan the class path for a {@link DatatypeFactory}. A page of an
 * account's bills is read on {@code ix_bill_owner_id} (V20).
 */
@DemoApplicationTest
class H2QueryPlansTest {

    /** The statement Camunda runs for the variables of an execution (VariableInstance.xml, shortened). */
    private static final String VARIABLE_LOOKUP = "explain select RES.* from ACT_RU_VARIABLE RES"
            + " left join ACT_RU_EXECUTION EXECUTION on RES.EXECUTION_ID_ = EXECUTION.ID_"
            + " where EXECUTION_ID_ = ? and TASK_ID_ is null and NAME_ in (?, ?)";

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void onH2() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assumeTrue("H2".equals(connection.getMetaData().getDatabaseProductName()), "H2 only");
        }
    }

    @Test
    void columnsThisProductNeverFillsAreKnownEmptyToThePlanner() {
        List<String> notSeeded = jdbc.queryForList("select table_name || '.' || column_name from"
                + " information_schema.columns where table_name like 'ACT\\_RU\\_%' escape '\\'"
                + " and column_name in ('TASK_ID_', 'CASE_INST_ID_', 'CASE_EXECUTION_ID_', 'TENANT_ID_')"
                + " and selectivity <> 1", String.class);
        assertThat(notSeeded).isEmpty();
    }

    @Test
    void variableLookupUsesTheExecutionsIndex() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement explain = connection.prepareStatement(VARIABLE_LOOKUP)) {
            explain.setString(1, "some-execution");
            explain.setString(2, "ownerId");
            explain.setString(3, "orderId");
            try (ResultSet plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                String firstIndex = plan.getString(1).lines().filter(line -> line.contains("/* PUBLIC."))
                        .findFirst().orElseThrow();
                assertThat(firstIndex).contains("ACT_FK_VAR_EXE").contains("EXECUTION_ID_ = ?1");
            }
        }
    }

    /** A page of an account's bills (BillQueries) is read on the account's ids, not on the primary key's range. */
    @Test
    void aPageOfBillsIsReadOnTheIndexOfTheAccountsBillIds() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement explain = connection.prepareStatement("explain select id from bill where "
                        + "owner_id = ? and id > ? and period_start >= ? and period_start < ? order by id limit ?")) {
            explain.setLong(1, 1015);
            explain.setLong(2, 0);
            explain.setObject(3, OffsetDateTime.parse("2026-01-01T00:00:00Z"));
            explain.setObject(4, OffsetDateTime.parse("2027-01-01T00:00:00Z"));
            explain.setLong(5, 101);
            try (ResultSet plan = explain.executeQuery()) {
                assertThat(plan.next()).isTrue();
                String firstIndex = plan.getString(1).lines().filter(line -> line.contains("/* PUBLIC."))
                        .findFirst().orElseThrow();
                assertThat(firstIndex).contains("IX_BILL_OWNER_ID").contains("OWNER_ID = ?1");
            }
        }
    }

    @Test
    void theJdksDatatypeFactoryIsNamedSoNoProviderScanRuns() {
        assertThat(System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY))
                .isEqualTo(DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
    }
}
