package io.salespipeline.command.readyourwrites;

import io.salespipeline.platform.config.AppendedPosition;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A command handler's answer together with the global position of the last event the command recorded,
 * known once the command's unit of work has committed (the database assigns positions on insert).
 */
public final class PositionedResult {

    private final Object result;
    private volatile Long position;

    private PositionedResult(Object result) {
        this.result = result;
    }

    public Object result() {
        return result;
    }

    /** The handler's own answer, whether or not it came through the command bus's interceptor. */
    @SuppressWarnings("unchecked")
    public static <T> T unwrap(Object answer) {
        return (T) (answer instanceof PositionedResult positioned ? positioned.result() : answer);
    }

    /** The position in {@code answer}, if it carries one. */
    public static Long positionOf(Object answer) {
        return answer instanceof PositionedResult positioned ? positioned.position() : null;
    }

    /** Null when the command recorded no event. */
    public Long position() {
        return position;
    }

    /** Wraps every command's answer on the command bus; runs outside the other command interceptors. */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Interceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
            PositionedResult answer = new PositionedResult(chain.proceed());
            unitOfWork.afterCommit(u -> AppendedPosition.of(u).ifPresent(p -> answer.position = p));
            return answer;
        }
    }
}
