package org.cdnbilling.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import javax.sql.DataSource;
import org.cdnbilling.support.DemoApplicationTest;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The application's PostgreSQL pool sends a JDBC batch of inserts as one multi-row statement: pgjdbc then answers
 * each row with {@code SUCCESS_NO_INFO}, where one statement per row would answer a count of 1 each (as H2 does).
 * (pgjdbc cuts a batch into statements of 2^k rows: four rows are one statement, three would be two.)
 */
@DemoApplicationTest
class PostgresBatchedInsertsTest {

    @Autowired
    DataSource dataSource;

    @Test
    void aBatchOfInsertsIsOneStatementOnPostgreSql() throws Exception {
        int[] counts;
        try (Connection connection = dataSource.getConnection();
                Statement ddl = connection.createStatement()) {
            ddl.execute("create temporary table batched_insert_probe (n integer)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into batched_insert_probe (n) values (?)")) {
                for (int n = 1; n <= 4; n++) {
                    insert.setInt(1, n);
                    insert.addBatch();
                }
                counts = insert.executeBatch();
            }
            ddl.execute("drop table batched_insert_probe");
        }
        int expected = PostgresTestDatabases.server() == null ? 1 : Statement.SUCCESS_NO_INFO;
        assertThat(Arrays.stream(counts).boxed()).containsExactly(expected, expected, expected, expected);
    }

    @Test
    void aUrlOrDriverPropertyThatNamesTheSettingKeepsIt() {
        Properties none = new Properties();
        assertThat(PostgresBatchedInserts.applies("jdbc:postgresql://db:5432/cdn", none)).isTrue();
        assertThat(PostgresBatchedInserts.applies("jdbc:postgresql://db:5432/cdn?reWriteBatchedInserts=false", none))
                .isFalse();
        assertThat(PostgresBatchedInserts.applies("jdbc:postgresql://db/cdn?ssl=true&rewritebatchedinserts=false",
                none)).isFalse();
        Properties named = new Properties();
        named.setProperty("reWriteBatchedInserts", "false");
        assertThat(PostgresBatchedInserts.applies("jdbc:postgresql://db:5432/cdn", named)).isFalse();
        assertThat(PostgresBatchedInserts.applies("jdbc:h2:file:./data/cdn", none)).isFalse();
    }
}
