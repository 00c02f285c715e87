package io.salespipeline.command.idempotency;

import io.salespipeline.command.lead.Actor;
import io.salespipeline.command.lead.LeadCommandResult;
import io.salespipeline.events.commands.RegisterLead;
import io.salespipeline.platform.config.AppendedPosition;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Records the answer to a command sent with an {@code Idempotency-Key} inside the command's own
 * transaction (it runs after Axon's transaction interceptor), so the record and the events commit or
 * roll back together.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String REQUEST_HASH = "requestHash";

    private final IdempotencyStore store;

    public IdempotencyInterceptor(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        MetaData metaData = command.getMetaData();
        Object key = metaData.get(IDEMPOTENCY_KEY);
        if (key == null) {
            return chain.proceed();
        }
        String principal = String.valueOf(metaData.get(Actor.USER));
        store.claim(principal, key.toString(), String.valueOf(metaData.get(REQUEST_HASH)), command.getCommandName());
        Object result = chain.proceed();
        int status = command.getPayload() instanceof RegisterLead ? 201 : 200;
        // after the command's events are stored (their handler was registered first), so the answer kept
        // for a retry carries their position; still in the command's transaction
        unitOfWork.onPrepareCommit(u -> store.complete(principal, key.toString(), status,
                LeadCommandResult.from(result).withPosition(position(u))));
        return result;
    }

    private static Long position(UnitOfWork<?> unitOfWork) {
        var position = AppendedPosition.of(unitOfWork);
        return position.isPresent() ? position.getAsLong() : null;
    }
}
