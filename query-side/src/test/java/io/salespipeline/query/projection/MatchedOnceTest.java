package io.salespipeline.query.projection;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link MatchedOnce} answers as Axon's own adapter of the same handlers, however often it is asked. */
class MatchedOnceTest {

    /** Handlers shaped as the projections' are: the payload and its domain message. */
    static class Handlers {
        final List<String> seen = new ArrayList<>();

        @EventHandler
        void on(CharSequence text, DomainEventMessage<?> message) {
            seen.add(text + "@" + message.getSequenceNumber());
        }
    }

    static class ResettableHandlers extends Handlers {
        @ResetHandler
        void reset() {
            seen.clear();
        }
    }

    private static DomainEventMessage<?> domain(Object payload, long sequence) {
        return new GenericDomainEventMessage<>("Lead", "lead-1", sequence, payload);
    }

    @Test
    void answersAsAxonsAdapterForEveryKindOfMessage() {
        Handlers handlers = new Handlers();
        AnnotationEventHandlerAdapter axon = new AnnotationEventHandlerAdapter(handlers);
        MatchedOnce matched = MatchedOnce.of(handlers);
        List<EventMessage<?>> messages = List.of(
                domain("a", 0), domain(new StringBuilder("b"), 1), domain(42, 2),
                GenericEventMessage.asEventMessage("not of an aggregate"), GenericEventMessage.asEventMessage(7));
        for (int round = 0; round < 3; round++) { // the first round asks the handlers, the others the remembered answers
            for (EventMessage<?> message : messages) {
                assertThat(matched.canHandle(message)).as("%s, round %d", message.getPayload(), round)
                        .isEqualTo(axon.canHandle(message));
            }
        }
        assertThat(matched.canHandle(domain("c", 3))).isTrue();
        assertThat(matched.canHandle(domain(42, 4))).isFalse();
        assertThat(matched.canHandle(GenericEventMessage.asEventMessage("no domain message to pass"))).isFalse();
        for (Class<?> type : List.of(String.class, CharSequence.class, Integer.class, Object.class)) {
            assertThat(matched.canHandleType(type)).as(type.getSimpleName()).isEqualTo(axon.canHandleType(type));
        }
        assertThat(matched.getTargetType()).isEqualTo(Handlers.class);
    }

    @Test
    void handsEachEventToTheHandlers() throws Exception {
        Handlers handlers = new Handlers();
        MatchedOnce matched = MatchedOnce.of(handlers);
        matched.handle(domain("a", 0));
        matched.handle(domain("b", 1));
        assertThat(handlers.seen).containsExactly("a@0", "b@1");
    }

    @Test
    void takesPartInAResetAsTheHandlersDo() {
        assertThat(MatchedOnce.of(new Handlers()).supportsReset())
                .isEqualTo(new AnnotationEventHandlerAdapter(new Handlers()).supportsReset());
        ResettableHandlers resettable = new ResettableHandlers();
        resettable.seen.add("before");
        MatchedOnce matched = MatchedOnce.of(resettable);
        assertThat(matched.supportsReset()).isTrue();
        matched.prepareReset();
        assertThat(resettable.seen).isEmpty();
    }
}
