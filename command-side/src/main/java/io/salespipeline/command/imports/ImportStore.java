package io.salespipeline.command.imports;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The imports' tables ({@code lead_import}, its chunks of lines not yet processed, its rejected leads). */
@Component
class ImportStore {

    /** An import as stored. */
    record Import(String id, String state, String requestedBy, String roles, long lines, long linesDone,
                  long leadsImported, long leadsRejected, long events, Instant startedAt, Instant completedAt,
                  String detail) {
    }

    /** A chunk of lines: physical lines {@code firstLine..lastLine}, those up to {@code doneUpto} processed. */
    record Chunk(String importId, int chunk, long firstLine, long lastLine, long doneUpto, byte[] data) {
    }

    /** A rejected lead. */
    record Rejection(long line, String leadId, String command, int status, String detail) {
    }

    private final JdbcTemplate jdbc;

    ImportStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void create(String id, String requestedBy, String roles, Instant startedAt) {
        jdbc.update("insert into lead_import (id, state, requested_by, roles, lines, lines_done, leads_imported, "
                        + "leads_rejected, events, started_at) values (?, 'RUNNING', ?, ?, 0, 0, 0, 0, 0, ?)",
                id, requestedBy, roles, Timestamp.from(startedAt));
    }

    void addChunk(String id, int chunk, long firstLine, long lastLine, int leads, byte[] data) {
        jdbc.update("insert into lead_import_chunk (import_id, chunk, first_line, last_line, leads, done_upto, data) "
                + "values (?, ?, ?, ?, ?, ?, ?)", id, chunk, firstLine, lastLine, leads, firstLine - 1, data);
    }

    /** After the upload: how many leads the file holds, and those already rejected (lines too long). */
    void received(String id, long lines, List<Rejection> rejected) {
        addRejections(id, rejected);
        jdbc.update("update lead_import set lines = ?, lines_done = ?, leads_rejected = ? where id = ?", lines, rejected.size(),
                rejected.size(), id);
    }

    Optional<Import> find(String id) {
        return jdbc.query("select * from lead_import where id = ?", (rs, i) -> new Import(rs.getString("id"),
                rs.getString("state"), rs.getString("requested_by"), rs.getString("roles"), rs.getLong("lines"),
                rs.getLong("lines_done"), rs.getLong("leads_imported"), rs.getLong("leads_rejected"), rs.getLong("events"),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("completed_at")), rs.getString("detail")),
                id).stream().findFirst();
    }

    Optional<String> latest() {
        return jdbc.queryForList("select id from lead_import order by started_at desc limit 1", String.class).stream().findFirst();
    }

    long countRunning() {
        Long n = jdbc.queryForObject("select count(*) from lead_import where state = 'RUNNING'", Long.class);
        return n == null ? 0 : n;
    }

    List<String> running() {
        return jdbc.queryForList("select id from lead_import where state = 'RUNNING' order by started_at", String.class);
    }

    List<Integer> chunks(String id) {
        return jdbc.queryForList("select chunk from lead_import_chunk where import_id = ? order by chunk", Integer.class, id);
    }

    /** The chunk, locked for this transaction; empty when it is done or another worker holds it. */
    Optional<Chunk> lock(String id, int chunk) {
        return jdbc.query("select import_id, chunk, first_line, last_line, done_upto, data from lead_import_chunk "
                        + "where import_id = ? and chunk = ? for update skip locked",
                (rs, i) -> new Chunk(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getBytes(6)), id, chunk).stream().findFirst();
    }

    /**
     * Which of {@code leadIds} have events in the log already: those with a first event (a lead's history starts
     * at sequence 0), one lookup each in the log's unique key (aggregate, sequence). Without the sequence the
     * planner read the whole log where its statistics were stale (a command side without autovacuum: 200 ms a
     * chunk at 760,000 events, the import slowing to 1,000 events/s).
     */
    Set<String> existing(Collection<String> leadIds) {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>(leadIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
            found.addAll(jdbc.queryForList("select aggregate_identifier from domain_event_entry "
                    + "where aggregate_identifier in (" + marks + ") and sequence_number = 0", String.class, part.toArray()));
        }
        return found;
    }

    /** Counts what a chunk (or part of it) recorded and rejected, in the transaction that recorded it. */
    void progress(String id, long lines, long imported, long events, List<Rejection> rejected) {
        addRejections(id, rejected);
        jdbc.update("update lead_import set lines_done = lines_done + ?, leads_imported = leads_imported + ?, "
                + "leads_rejected = leads_rejected + ?, events = events + ? where id = ?", lines, imported, rejected.size(),
                events, id);
    }

    void chunkDoneUpto(String id, int chunk, long line) {
        jdbc.update("update lead_import_chunk set done_upto = ? where import_id = ? and chunk = ?", line, id, chunk);
    }

    void removeChunk(String id, int chunk) {
        jdbc.update("delete from lead_import_chunk where import_id = ? and chunk = ?", id, chunk);
    }

    /** COMPLETED once no chunk is left; answers whether it is. */
    boolean completeIfDone(String id, Instant now) {
        return jdbc.update("update lead_import set state = 'COMPLETED', completed_at = ? where id = ? and state = 'RUNNING' "
                + "and not exists (select 1 from lead_import_chunk where import_id = ?)", Timestamp.from(now), id, id) == 1;
    }

    /** FAILED, its remaining lines dropped: what was imported stays, as counted. */
    void fail(String id, Instant now, String detail) {
        jdbc.update("update lead_import set state = 'FAILED', completed_at = ?, detail = ? where id = ? and state = 'RUNNING'",
                Timestamp.from(now), detail.length() > 1000 ? detail.substring(0, 1000) : detail, id);
        jdbc.update("delete from lead_import_chunk where import_id = ?", id);
    }

    List<Rejection> rejections(String id, long afterLine, int limit) {
        return jdbc.query("select line, lead_id, command, status, detail from lead_import_error where import_id = ? "
                        + "and line > ? order by line limit ?",
                (rs, i) -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5)),
                id, afterLine, limit);
    }

    private void addRejections(String id, List<Rejection> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("insert into lead_import_error (import_id, line, lead_id, command, status, detail) values (?, ?, ?, ?, ?, ?)",
                rejected, 500, (ps, r) -> {
                    ps.setString(1, id);
                    ps.setLong(2, r.line());
                    ps.setString(3, r.leadId() == null ? null : truncate(r.leadId(), 100));
                    ps.setString(4, r.command() == null ? null : truncate(r.command(), 100));
                    ps.setInt(5, r.status());
                    ps.setString(6, truncate(r.detail() == null ? "" : r.detail(), 4000));
                });
    }

    private static String truncate(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
