package io.salespipeline.query.readyourwrites;

import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The tokens a projection's segments have committed, read from {@code token_entry} without claiming them:
 * what the projection's tables hold, whichever instance processes it.
 */
@Component
public class CommittedTokens {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    public CommittedTokens(JdbcTemplate jdbc, @Qualifier("serializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** One entry per segment; null for a segment without a token yet. */
    public List<TrackingToken> of(String processor) {
        return jdbc.query("select token, token_type from token_entry where processor_name = ?", (rs, i) -> {
            byte[] token = rs.getBytes("token");
            String type = rs.getString("token_type");
            return token == null || type == null ? null
                    : serializer.<byte[], TrackingToken>deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        }, processor);
    }
}
