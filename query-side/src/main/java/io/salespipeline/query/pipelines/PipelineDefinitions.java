package io.salespipeline.query.pipelines;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.events.LeadSource;
import io.salespipeline.events.PipelineDefined;
import io.salespipeline.events.PipelineDefinition;
import io.salespipeline.events.Stage;
import io.salespipeline.query.projection.TableNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code pipeline_version}: every version of every pipeline, the definition as JSON. */
@Repository
public class PipelineDefinitions {

    private final JdbcTemplate jdbc;
    private final ObjectMapper objectMapper;

    private final TableNames tables;

    /**
     * Each version of a pipeline as parsed: a version never changes (an event defined it), and the board and the
     * funnel ask for the latest one at every request.
     */
    private final java.util.concurrent.ConcurrentMap<String, PipelineDefined> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    @Autowired
    public PipelineDefinitions(JdbcTemplate jdbc, ObjectMapper objectMapper) {
        this(jdbc, objectMapper, "");
    }

    /** Writing into the table under {@code suffix} (a rebuild's fresh table). */
    PipelineDefinitions(JdbcTemplate jdbc, ObjectMapper objectMapper, String suffix) {
        this.jdbc = jdbc;
        this.objectMapper = objectMapper;
        this.tables = new TableNames(List.of("pipeline_version"), suffix);
    }

    PipelineDefinitions on(String suffix) {
        return new PipelineDefinitions(jdbc, objectMapper, suffix);
    }

    void save(PipelineDefined e) {
        Integer known = jdbc.queryForObject(tables.sql("select count(*) from pipeline_version where pipeline_key = ? and version = ?"),
                Integer.class, e.key(), e.version());
        if (known != null && known > 0) {
            return;
        }
        try {
            jdbc.update(tables.sql("""
                            insert into pipeline_version (pipeline_key, version, uses_after_sales, after_sales_plan_within_ms,
                                                          defined_at, definition)
                            values (?, ?, ?, ?, ?, ?)"""),
                    e.key(), e.version(), e.definition().uses(Stage.AFTER_SALES), e.rules().afterSalesPlanWithin().toMillis(),
                    Timestamp.from(e.occurredAt()), objectMapper.writeValueAsString(e));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    void deleteAll() {
        jdbc.update(tables.sql("delete from pipeline_version"));
    }

    /** The latest version of each pipeline, {@code default} first, then by key. */
    public List<PipelineDefined> latest() {
        return jdbc.query("""
                        select pipeline_key, version, definition from pipeline_version p
                        where version = (select max(version) from pipeline_version q where q.pipeline_key = p.pipeline_key)
                        order by case when pipeline_key = 'default' then 0 else 1 end, pipeline_key""",
                (rs, i) -> parsed(rs));
    }

    public Optional<PipelineDefined> latest(String key) {
        return jdbc.query("""
                        select pipeline_key, version, definition from pipeline_version
                        where pipeline_key = ? order by version desc limit 1""",
                (rs, i) -> parsed(rs), key).stream().findFirst();
    }

    /** One version of a pipeline (the one a lead was registered with). */
    public Optional<PipelineDefined> version(String key, int version) {
        return jdbc.query("select pipeline_key, version, definition from pipeline_version where pipeline_key = ? and version = ?",
                (rs, i) -> parsed(rs), key, version).stream().findFirst();
    }

    /** Which pipeline serves each source now: the one claiming it, else {@code default}. */
    public Map<LeadSource, String> servingSources() {
        Map<LeadSource, String> serving = new LinkedHashMap<>();
        for (LeadSource source : LeadSource.values()) {
            serving.put(source, PipelineDefinition.DEFAULT);
        }
        latest().forEach(p -> p.sources().forEach(s -> serving.put(s, p.key())));
        return serving;
    }

    /** The sources a pipeline serves now. */
    public Set<LeadSource> served(String key) {
        Set<LeadSource> sources = EnumSet.noneOf(LeadSource.class);
        servingSources().forEach((source, pipeline) -> {
            if (pipeline.equals(key)) {
                sources.add(source);
            }
        });
        return sources;
    }

    private PipelineDefined parsed(java.sql.ResultSet rs) throws java.sql.SQLException {
        String json = rs.getString("definition");
        return parsed.computeIfAbsent(rs.getString("pipeline_key") + "#" + rs.getInt("version"), k -> parse(json));
    }

    private PipelineDefined parse(String json) {
        try {
            return objectMapper.readValue(json, PipelineDefined.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable pipeline definition", e);
        }
    }
}
