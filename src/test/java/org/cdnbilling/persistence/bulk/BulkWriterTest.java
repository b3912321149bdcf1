package org.cdnbilling.persistence.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.cdnbilling.support.PostgresTestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Both ways of writing rows in bulk against a real database: on H2 the JDBC batches, under {@code -Ppostgres}
 * also PostgreSQL's COPY path (and the batches on PostgreSQL). Every value reads back as written, including
 * text that COPY's format must escape; a duplicate key fails the whole write; updates and deletes touch only
 * the rows named.
 */
class BulkWriterTest {

    private static final List<String> COLUMNS = List.of("id", "name", "amount", "at", "note");
    private static final String DATABASE = PostgresTestDatabases.server() == null
            ? "jdbc:h2:mem:bulk-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1"
            : PostgresTestDatabases.createDatabase();

    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;

    static Stream<Arguments> writers() {
        List<Arguments> writers = new ArrayList<>();
        writers.add(Arguments.of("JDBC batches", (Function<JdbcTemplate, BulkWriter>) JdbcBatchBulkWriter::new));
        if (PostgresTestDatabases.server() != null) {
            writers.add(Arguments.of("PostgreSQL COPY", (Function<JdbcTemplate, BulkWriter>) PostgresBulkWriter::new));
        }
        return writers.stream();
    }

    @BeforeEach
    void table() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(DATABASE,
                PostgresTestDatabases.server() == null ? "sa" : "postgres", "");
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.execute("drop table if exists bulk_test");
        jdbc.execute("create table bulk_test (id bigint primary key, name varchar(200) not null, "
                + "amount numeric(19, 8), at timestamp with time zone, note varchar(200))");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void insertedRowsReadBackAsWritten(String name, Function<JdbcTemplate, BulkWriter> writer) {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 30, 15, 0, 0, 123_456_000, ZoneOffset.UTC);
        List<Object[]> rows = List.of(
                new Object[] {1L, "plain", new BigDecimal("0.04000000"), at, null},
                new Object[] {2L, "tab\there, new\nline, back\\slash, \\N, \r, \"quoted\", ünï", new BigDecimal("-1E+2"),
                        at.withOffsetSameInstant(ZoneOffset.ofHours(8)), "[{\"tier\":1}]"},
                new Object[] {3L, "", BigDecimal.ZERO, OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), ""});

        transaction.executeWithoutResult(status -> writer.apply(jdbc).insert("bulk_test", COLUMNS, rows));

        List<Map<String, Object>> stored = jdbc.queryForList("select * from bulk_test order by id");
        assertThat(stored).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            Object[] row = rows.get(i);
            Map<String, Object> read = stored.get(i);
            assertThat(((Number) read.get("id")).longValue()).isEqualTo(row[0]);
            assertThat(read.get("name")).isEqualTo(row[1]);
            assertThat((BigDecimal) read.get("amount")).isEqualByComparingTo((BigDecimal) row[2]);
            assertThat(instant(jdbc, (Long) row[0])).isEqualTo(((OffsetDateTime) row[3]).toInstant());
            assertThat(read.get("note")).isEqualTo(row[4]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void aDuplicateKeyFailsTheWholeWriteAndNothingIsStored(String name, Function<JdbcTemplate, BulkWriter> writer) {
        jdbc.update("insert into bulk_test (id, name) values (2, 'stored before')");
        List<Object[]> rows = List.of(new Object[] {1L, "new", null, null, null},
                new Object[] {2L, "again", null, null, null}, new Object[] {3L, "new", null, null, null});

        assertThatThrownBy(() -> transaction.executeWithoutResult(
                status -> writer.apply(jdbc).insert("bulk_test", COLUMNS, rows)))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(jdbc.queryForList("select name from bulk_test order by id", String.class))
                .containsExactly("stored before");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void updatesAndDeletesTouchOnlyTheRowsTheyName(String name, Function<JdbcTemplate, BulkWriter> writer) {
        for (long id = 1; id <= 6; id++) {
            jdbc.update("insert into bulk_test (id, name, amount) values (?, ?, ?)", id, "row " + id,
                    BigDecimal.valueOf(id));
        }
        BulkWriter bulk = writer.apply(jdbc);

        int deleted = transaction.execute(status -> {
            bulk.update("bulk_test", List.of("id"), List.of("amount", "note"), List.of(
                    new Object[] {2L, new BigDecimal("-5.25"), "charged"}, new Object[] {4L, null, "cleared"},
                    new Object[] {99L, BigDecimal.ONE, "no such row"}));
            // (1, row 1) matches; (3, row 4) and (5, other) do not: every column of a key must match
            return bulk.delete("bulk_test", List.of("id", "name"), List.of(new Object[] {1L, "row 1"},
                    new Object[] {3L, "row 4"}, new Object[] {5L, "other"}, new Object[] {6L, "row 6"}));
        });

        assertThat(deleted).isEqualTo(2);
        assertThat(jdbc.queryForList("select id, amount, note from bulk_test order by id")).satisfiesExactly(
                row -> assertRow(row, 2, "-5.25", "charged"), row -> assertRow(row, 3, "3", null),
                row -> assertRow(row, 4, null, "cleared"), row -> assertRow(row, 5, "5", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writers")
    void writesInATransactionThatRollsBackLeaveNothing(String name, Function<JdbcTemplate, BulkWriter> writer) {
        jdbc.update("insert into bulk_test (id, name) values (1, 'kept')");
        BulkWriter bulk = writer.apply(jdbc);

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            bulk.insert("bulk_test", COLUMNS, List.<Object[]>of(new Object[] {7L, "new", null, null, null}));
            bulk.update("bulk_test", List.of("id"), List.of("name"), List.<Object[]>of(new Object[] {1L, "changed"}));
            bulk.delete("bulk_test", List.of("id"), List.<Object[]>of(new Object[] {1L}));
            throw new IllegalStateException("the caller fails after writing");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(jdbc.queryForList("select name from bulk_test order by id", String.class)).containsExactly("kept");
    }

    private static Instant instant(JdbcTemplate jdbc, long id) {
        OffsetDateTime at = jdbc.queryForObject("select at from bulk_test where id = ?", OffsetDateTime.class, id);
        return at.toInstant();
    }

    private static void assertRow(Map<String, Object> row, long id, String amount, String note) {
        assertThat(((Number) row.get("id")).longValue()).isEqualTo(id);
        if (amount == null) {
            assertThat(row.get("amount")).isNull();
        } else {
            assertThat((BigDecimal) row.get("amount")).isEqualByComparingTo(amount);
        }
        assertThat(row.get("note")).isEqualTo(note);
    }
}
