package org.cdnbilling.overdue;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code account_debt} table (V18__debts.sql, V28__suspension_requests.sql). */
@Repository
public class Debts {

    private static final String COLUMNS = "id, owner_id, started_at, grace_ends_at, overdue_at, suspended_at, "
            + "settled_at, resumed_at, closed_at, close_reason, suspension_requested_at";

    private final JdbcTemplate jdbc;

    Debts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Locks the account's row until the transaction ends. Ledger entries lock it first too, so a settlement and
     * a step of the account's overdue process never interleave (see cdn-overdue.bpmn's documentation).
     *
     * @return the account's balance
     */
    BigDecimal lockAccount(long ownerId) {
        return jdbc.queryForObject("select balance from account where owner_id = ? for update", BigDecimal.class,
                ownerId);
    }

    long open(long ownerId, Instant startedAt, Instant graceEndsAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("insert into account_debt "
                    + "(owner_id, open_owner_id, started_at, grace_ends_at) values (?, ?, ?, ?)", new String[] {"id"});
            insert.setLong(1, ownerId);
            insert.setLong(2, ownerId);
            insert.setObject(3, utc(startedAt));
            insert.setObject(4, utc(graceEndsAt));
            return insert;
        }, keys);
        return keys.getKey().longValue();
    }

    /** The account's open debt, if any. */
    public Optional<Debt> openDebt(long ownerId) {
        return jdbc.query("select " + COLUMNS + " from account_debt where open_owner_id = ?", DEBT, ownerId).stream()
                .findFirst();
    }

    /** The account's latest debt, open or closed. */
    public Optional<Debt> latest(long ownerId) {
        return jdbc.query("select " + COLUMNS + " from account_debt where owner_id = ? order by id desc", DEBT, ownerId)
                .stream().findFirst();
    }

    Debt get(long id) {
        return jdbc.queryForObject("select " + COLUMNS + " from account_debt where id = ?", DEBT, id);
    }

    void markOverdue(long id, Instant at) {
        set(id, "overdue_at", at);
    }

    /** When *Mark account overdue* scheduled the suspension, in its transaction, before any call to the backend. */
    void markSuspensionRequested(long id, Instant at) {
        set(id, "suspension_requested_at", at);
    }

    void markSuspended(long id, Instant at) {
        set(id, "suspended_at", at);
    }

    void markSettled(long id, Instant at) {
        set(id, "settled_at", at);
    }

    void markResumed(long id, Instant at) {
        set(id, "resumed_at", at);
    }

    void close(long id, Instant at, Debt.CloseReason reason) {
        jdbc.update("update account_debt set closed_at = ?, close_reason = ?, open_owner_id = null "
                + "where id = ? and closed_at is null", utc(at), reason.name(), id);
    }

    /** Accounts whose open debt is overdue (grace over, not settled). */
    public long countOverdue() {
        return jdbc.queryForObject("select count(*) from account_debt where open_owner_id is not null "
                + "and overdue_at is not null and settled_at is null", Long.class);
    }

    /** Accounts with an open debt that is not settled. */
    public long countInDebt() {
        return jdbc.queryForObject("select count(*) from account_debt where open_owner_id is not null "
                + "and settled_at is null", Long.class);
    }

    private void set(long id, String column, Instant at) {
        jdbc.update("update account_debt set " + column + " = ? where id = ? and " + column + " is null", utc(at), id);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static final RowMapper<Debt> DEBT = (rs, row) -> new Debt(rs.getLong(1), rs.getLong(2), instant(rs, 3),
            instant(rs, 4), instant(rs, 5), instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9),
            rs.getString(10), instant(rs, 11));
}
