package org.cdnbilling.activation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The compact record of each refused activation ({@code activation_refusal}): its RequestId, account, code and
 * time. It is what remains of a refusal once the engine history of its activation is removed, a day after it
 * ended (org.cdnbilling.retention); it is itself removed after {@code cdn.retention.refusals}.
 */
@Component
public class ActivationRefusals {

    /** A refused activation as kept: the caller's RequestId, the account, the documented code and when. */
    public record Refusal(String requestId, long ownerId, String code, Instant refusedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    ActivationRefusals(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a refusal in the caller's transaction (the one that ran the activation up to its rejection). */
    void record(String requestId, long ownerId, String code) {
        jdbc.update("insert into activation_refusal (request_id, owner_id, code, refused_at) values (?, ?, ?, ?)",
                requestId, ownerId, code, Timestamp.from(clock.instant()));
    }

    public Optional<Refusal> find(String requestId) {
        return jdbc.query("select request_id, owner_id, code, refused_at from activation_refusal where request_id = ?",
                (row, n) -> new Refusal(row.getString(1), row.getLong(2), row.getString(3),
                        row.getTimestamp(4).toInstant()), requestId).stream().findFirst();
    }

    /** Deletes the refusals recorded before the given time; returns how many. */
    public int deleteRecordedBefore(Instant cutoff) {
        return jdbc.update("delete from activation_refusal where refused_at < ?", Timestamp.from(cutoff));
    }
}
