package io.salespipeline.query.deadletters;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin: events a projection failed to handle. Each projection has its own dead-letter queue, sequenced
 * per lead: a lead whose event failed waits there with its later events while every other lead keeps
 * being projected. After the cause is fixed, a retry hands them to the projection again, in order.
 */
@RestController
public class DeadLetterController {

    private final EventProcessingConfiguration processing;

    public DeadLetterController(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public record Letter(String projection, String sequence, String eventType, String eventId, Long eventSequence,
                         Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
    }

    /**
     * @param sequences   per projection, how many leads wait in its dead-letter queue
     * @param deadLetters the parked events, per projection and lead in order
     */
    public record DeadLetters(Map<String, Long> sequences, List<Letter> deadLetters) {
    }

    public record Retry(Map<String, Integer> retriedSequences, Map<String, Long> remaining) {
    }

    @GetMapping("/api/admin/dead-letters")
    public DeadLetters list(@RequestParam(required = false) String projection) {
        List<Letter> letters = new ArrayList<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String group : groups(projection)) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(group).orElseThrow();
            counts.put(group, queue.amountOfSequences());
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    EventMessage<?> message = letter.message();
                    letters.add(new Letter(group, message instanceof DomainEventMessage<?> d ? d.getAggregateIdentifier() : null,
                            message.getPayloadType().getSimpleName(), message.getIdentifier(),
                            message instanceof DomainEventMessage<?> d ? d.getSequenceNumber() : null,
                            letter.enqueuedAt(), letter.lastTouched(),
                            letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null)));
                }
            }
        }
        return new DeadLetters(counts, letters);
    }

    /** Hands every dead-lettered lead back to its projection, oldest first, until none succeeds any more. */
    @PostMapping("/api/admin/dead-letters/retry")
    public Retry retry(@RequestParam(required = false) String projection) {
        Map<String, Integer> retried = new LinkedHashMap<>();
        Map<String, Long> remaining = new LinkedHashMap<>();
        for (String group : groups(projection)) {
            SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(group).orElseThrow();
            Optional<SequencedDeadLetterProcessor<EventMessage<?>>> processor = processing.sequencedDeadLetterProcessor(group);
            int count = 0;
            long before = queue.amountOfSequences();
            // each call takes one sequence that is not being processed; stop once a full round did nothing
            for (long i = 0; i < before && processor.isPresent(); i++) {
                if (processor.get().processAny()) {
                    count++;
                }
            }
            retried.put(group, count);
            remaining.put(group, queue.amountOfSequences());
        }
        return new Retry(retried, remaining);
    }

    private List<String> groups(String projection) {
        List<String> withQueues = processing.eventProcessors().keySet().stream()
                .filter(g -> processing.deadLetterQueue(g).isPresent()).sorted().toList();
        if (projection == null) {
            return withQueues;
        }
        if (!withQueues.contains(projection)) {
            throw new io.salespipeline.platform.web.BadRequestException("projection",
                    "no dead-letter queue for '" + projection + "'; known: " + withQueues);
        }
        return List.of(projection);
    }
}
