package io.salespipeline.command.lead.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.salespipeline.command.idempotency.IdempotencyInterceptor;
import io.salespipeline.command.idempotency.IdempotencyKeyReusedException;
import io.salespipeline.command.idempotency.IdempotencyStore;
import io.salespipeline.command.idempotency.IdempotencyStore.StoredResponse;
import io.salespipeline.command.lead.Actor;
import io.salespipeline.command.lead.Lead;
import io.salespipeline.command.lead.LeadCommandResult;
import io.salespipeline.events.LeadCommand;
import io.salespipeline.events.commands.RegisterLead;
import io.salespipeline.platform.web.BadRequestException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Sends a command on behalf of the HTTP caller and shapes the answer: who sent it (metadata), the
 * {@code If-Match} version, the {@code Idempotency-Key} replay, {@code ETag} and {@code Location}.
 */
@Component
public class LeadCommandSender {

    private static final Pattern IF_MATCH = Pattern.compile("^\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*$");
    private static final int MAX_KEY_LENGTH = 200;

    private final CommandGateway commandGateway;
    private final IdempotencyStore idempotencyStore;
    private final ObjectMapper objectMapper;
    private final CommandQueue queue;

    public LeadCommandSender(CommandGateway commandGateway, IdempotencyStore idempotencyStore, ObjectMapper objectMapper,
                             CommandQueue queue) {
        this.commandGateway = commandGateway;
        this.idempotencyStore = idempotencyStore;
        this.objectMapper = objectMapper;
        this.queue = queue;
    }

    ResponseEntity<LeadCommandResult> send(LeadCommand command, SendOptions options, Authentication caller) {
        Actor actor = new Actor(caller.getName(), caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .map(a -> a.startsWith("ROLE_") ? a.substring(5) : a).collect(Collectors.toUnmodifiableSet()));
        MetaData metaData = actor.toMetaData();
        Long expectedVersion = parseIfMatch(options.ifMatch());
        if (expectedVersion != null) {
            metaData = metaData.and(Lead.EXPECTED_VERSION, expectedVersion);
        }
        // a registration has no lead to wait for; a command waits for the earlier ones on its lead
        String leadTurn = command instanceof RegisterLead ? null : "lead:" + command.leadId();
        String key = options.idempotencyKey();
        if (key == null) {
            MetaData plain = metaData;
            return queue.inTurn(leadTurn, () -> execute(command, plain, options, actor, null, null));
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new BadRequestException("Idempotency-Key", "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
        }
        String requestHash = hash(options);
        MetaData keyed = metaData.and(IdempotencyInterceptor.IDEMPOTENCY_KEY, key)
                .and(IdempotencyInterceptor.REQUEST_HASH, requestHash);
        // retries of one key wait for the attempt in flight, then most of them just read its answer
        return queue.once(actor.user() + "\n" + key, () -> {
            Optional<StoredResponse> stored = idempotencyStore.find(actor.user(), key);
            if (stored.isPresent()) {
                return replay(stored.get(), key, requestHash);
            }
            return queue.inTurn(leadTurn, () -> execute(command, keyed, options, actor, key, requestHash));
        });
    }

    private ResponseEntity<LeadCommandResult> execute(LeadCommand command, MetaData metaData, SendOptions options, Actor actor,
                                                      String key, String requestHash) {
        try {
            return answer(options.successStatus().value(), LeadCommandResult.from(dispatch(command, metaData)));
        } catch (DuplicateKeyException raceWithSameKey) {
            if (key == null) {
                throw raceWithSameKey;
            }
            // a request with the same key committed while this one ran (on another instance): answer as it was answered
            StoredResponse stored = idempotencyStore.find(actor.user(), key).orElseThrow(() -> raceWithSameKey);
            return replay(stored, key, requestHash);
        }
    }

    /**
     * Sends the command; once more if another instance appended to the lead since this one last loaded it
     * (its cached copy was behind: the append met the unique key on lead and sequence, and the copy was
     * dropped). The second attempt decides on the lead as it now is, as a command queued behind another
     * on this instance would: it may still be refused (409, or 412 for a stale {@code If-Match}).
     */
    private Object dispatch(LeadCommand command, MetaData metaData) {
        try {
            return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(metaData));
        } catch (ConcurrencyException behind) {
            if (command instanceof RegisterLead) {
                throw behind;
            }
            return commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).withMetaData(metaData));
        }
    }

    private ResponseEntity<LeadCommandResult> replay(StoredResponse stored, String key, String requestHash) {
        if (!stored.requestHash().equals(requestHash)) {
            throw new IdempotencyKeyReusedException(key);
        }
        return answer(stored.status(), stored.result());
    }

    private static ResponseEntity<LeadCommandResult> answer(int status, LeadCommandResult result) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status).eTag("\"" + result.version() + "\"");
        if (status == HttpStatus.CREATED.value()) {
            response.location(URI.create("/api/leads/" + result.leadId()));
        }
        return response.body(result);
    }

    private static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        Matcher m = IF_MATCH.matcher(ifMatch);
        if (!m.matches()) {
            throw new BadRequestException("If-Match", "If-Match must be a lead version as an entity tag, e.g. \"7\"");
        }
        return Long.parseLong(m.group(1));
    }

    private String hash(SendOptions options) {
        try {
            byte[] body = objectMapper.writeValueAsBytes(options.requestBody());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(options.requestPath().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the request", e);
        }
    }
}
