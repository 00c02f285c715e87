package io.salespipeline.command.lead;

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

    PositionedResult(Object result) {
        this.result = result;
    }

    public Object result() {
        return result;
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
