package org.cdnbilling.engine;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The table {@code process_version_adoption}: every adoption, the withdrawn ones included, oldest first. */
@Repository
public class ProcessVersionAdoptions {

    private static final String COLUMNS = "id, process_key, definition_id, version_tag, adopted_by, adopted_at, "
            + "withdrawn_by, withdrawn_at";

    private final JdbcTemplate jdbc;

    public ProcessVersionAdoptions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<ProcessVersionAdoption> all() {
        return jdbc.query("select " + COLUMNS + " from process_version_adoption order by id",
                ProcessVersionAdoptions::row);
    }

    public Optional<ProcessVersionAdoption> active(String processKey) {
        return jdbc.query("select " + COLUMNS + " from process_version_adoption where process_key = ? and withdrawn_at"
                + " is null order by id desc", ProcessVersionAdoptions::row, processKey).stream().findFirst();
    }

    /** Withdraws the key's active adoption, if any; answers how many rows it withdrew. */
    public int withdraw(String processKey, String operator, Instant at) {
        return jdbc.update("update process_version_adoption set withdrawn_by = ?, withdrawn_at = ?"
                + " where process_key = ? and withdrawn_at is null", operator, Timestamp.from(at), processKey);
    }

    public void insert(String processKey, String definitionId, String versionTag, String operator, Instant at) {
        jdbc.update("insert into process_version_adoption (process_key, definition_id, version_tag, adopted_by, "
                + "adopted_at) values (?, ?, ?, ?, ?)", processKey, definitionId, versionTag, operator,
                Timestamp.from(at));
    }

    /** Removes the rows of a process key (tests clean up after themselves with it). */
    public int deleteAll(String processKey) {
        return jdbc.update("delete from process_version_adoption where process_key = ?", processKey);
    }

    private static ProcessVersionAdoption row(ResultSet rs, int n) throws SQLException {
        Timestamp withdrawnAt = rs.getTimestamp("withdrawn_at");
        return new ProcessVersionAdoption(rs.getLong("id"), rs.getString("process_key"), rs.getString("definition_id"),
                rs.getString("version_tag"), rs.getString("adopted_by"), rs.getTimestamp("adopted_at").toInstant(),
                rs.getString("withdrawn_by"), withdrawnAt == null ? null : withdrawnAt.toInstant());
    }
}
