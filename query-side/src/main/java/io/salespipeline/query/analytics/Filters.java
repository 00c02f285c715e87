package io.salespipeline.query.analytics;

import io.salespipeline.events.LeadSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

import java.sql.Types;

/**
 * The filters every report takes: {@code source}, {@code owner} and {@code pipeline}. The owner is the one
 * who held the lead at the moment that decides the number (API.md, "Owners in analytics"), from the
 * time-stamped owner facts ({@code lead_owner_period}), never today's owner.
 */
public record Filters(LeadSource source, String owner, String pipeline) {

    public Filters {
        owner = owner == null || owner.isBlank() ? null : owner;
        pipeline = pipeline == null || pipeline.isBlank() ? null : pipeline;
    }

    /** Whether no filter narrows the report. */
    public boolean none() {
        return source == null && owner == null && pipeline == null;
    }

    /** The SQL of the owner of lead {@code leadId} at the instant {@code ms} (epoch milliseconds). */
    public static String ownerAt(String leadId, String ms) {
        return "(select p.owner from lead_owner_period p where p.lead_id = " + leadId + " and p.from_ms <= " + ms
                + " and (p.until_ms is null or p.until_ms > " + ms + "))";
    }

    /**
     * Conditions ({@code and …}) on rows that carry {@code source} and {@code pipeline_key} columns under
     * {@code alias}, the owner taken at {@code ownerMoment}.
     */
    public String where(String alias, String ownerMoment) {
        return (source != null ? " and " + alias + ".source = :source" : "")
                + (pipeline != null ? " and " + alias + ".pipeline_key = :pipeline" : "")
                + (owner != null ? " and :owner = " + ownerAt(alias + ".lead_id", ownerMoment) : "");
    }

    /** {@code params} with this filter's values (typed, so that a null compares on PostgreSQL too). */
    public MapSqlParameterSource bind(MapSqlParameterSource params) {
        return params.addValue("source", source == null ? null : source.name(), Types.VARCHAR)
                .addValue("owner", owner, Types.VARCHAR)
                .addValue("pipeline", pipeline, Types.VARCHAR);
    }
}
