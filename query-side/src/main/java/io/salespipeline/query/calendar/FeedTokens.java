package io.salespipeline.query.calendar;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The secret calendar-feed URLs, one per user: only the SHA-256 of a token is kept, so the table does not
 * give the URLs away. A new token replaces the user's old one; revoking deletes it.
 */
@Repository
public class FeedTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public FeedTokens(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new token for {@code user} (the old one stops working). */
    @Transactional
    public String issue(String user) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update("delete from calendar_feed_token where username = ?", user);
        jdbc.update("insert into calendar_feed_token (token_hash, username, created_at) values (?, ?, ?)",
                hash(token), user, Timestamp.from(clock.instant()));
        return token;
    }

    /** Answers whether there was one. */
    public boolean revoke(String user) {
        return jdbc.update("delete from calendar_feed_token where username = ?", user) > 0;
    }

    public Optional<String> user(String token) {
        return jdbc.queryForList("select username from calendar_feed_token where token_hash = ?", String.class, hash(token))
                .stream().findFirst();
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
