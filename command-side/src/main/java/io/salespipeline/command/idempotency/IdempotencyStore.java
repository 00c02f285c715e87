package io.salespipeline.command.idempotency;

import io.salespipeline.command.lead.LeadCommandResult;
import io.salespipeline.events.LeadId;
import io.salespipeline.events.Stage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Responses to commands sent with an {@code Idempotency-Key}, per user and key, in the database: a
 * retry after a restart is still recognised. A row is written in the same transaction as the events the
 * command appended, so it exists exactly when they do.
 */
@Repository
public class IdempotencyStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public IdempotencyStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<StoredResponse> find(String principal, String key) {
        return jdbc.query("""
                        select request_hash, status, lead_id, version, stage, event_position from idempotency_record
                        where principal = ? and idempotency_key = ?""",
                rs -> rs.next()
                        ? Optional.of(new StoredResponse(rs.getString(1), rs.getInt(2),
                        new LeadCommandResult(new LeadId(UUID.fromString(rs.getString(3))), rs.getLong(4),
                                Stage.valueOf(rs.getString(5)), rs.getObject(6, Long.class))))
                        : Optional.empty(),
                principal, key);
    }

    /**
     * Claims the key before the command runs. A concurrent request with the same key waits here for the
     * first one's transaction and then fails with a duplicate key.
     */
    void claim(String principal, String key, String requestHash, String command) {
        jdbc.update("""
                        insert into idempotency_record (principal, idempotency_key, request_hash, command, created_at)
                        values (?, ?, ?, ?, ?)""",
                principal, key, requestHash, command, Timestamp.from(clock.instant()));
    }

    void complete(String principal, String key, int status, LeadCommandResult result) {
        jdbc.update("""
                        update idempotency_record set status = ?, lead_id = ?, version = ?, stage = ?, event_position = ?
                        where principal = ? and idempotency_key = ?""",
                status, result.leadId().toString(), result.version(), result.stage().name(), result.position(),
                principal, key);
    }

    /** Forgets the records created before {@code cutoff}; answers how many. */
    public int forgetOlderThan(java.time.Instant cutoff) {
        return jdbc.update("delete from idempotency_record where created_at < ?", Timestamp.from(cutoff));
    }

    /** The first answer to a key, and the hash of the request it answered. */
    public record StoredResponse(String requestHash, int status, LeadCommandResult result) {
    }
}
