package org.cdnbilling.billing.run;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.event.UserOperationLogEntryEventEntity;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.CommandContextListener;

/**
 * A billing run that finds nothing due leaves no history: the history events of {@code cdn-billing-run} are held
 * back until the engine command that produced them closes (before the engine writes anything), and dropped if
 * <i>Find due usage</i> found nothing in that command; otherwise they are handed on unchanged. A run with nothing
 * due starts, finds nothing and ends in one command (its timer job or the operator's start), so neither its
 * instance, activities, variables nor its timer job's log reach the history tables; its runtime rows are inserted
 * and deleted in the same flush, which Camunda writes as nothing. Operators' operation log entries are never
 * held back.
 */
public final class EmptyRunHistory implements HistoryEventHandler {

    private static final ThreadLocal<Map<CommandContext, Command>> COMMANDS =
            ThreadLocal.withInitial(IdentityHashMap::new);

    private final HistoryEventHandler next;

    EmptyRunHistory(HistoryEventHandler next) {
        this.next = next;
    }

    /** Tells the current command whether its run found anything due (Find due usage). */
    static void markEmpty(boolean empty) {
        Command command = current();
        if (command != null) {
            command.empty = empty;
        }
    }

    @Override
    public void handleEvent(HistoryEvent event) {
        Command command = BillingRunProcess.PROCESS_KEY.equals(event.getProcessDefinitionKey())
                && !(event instanceof UserOperationLogEntryEventEntity) ? current() : null;
        if (command == null || command.closed) {
            next.handleEvent(event);
        } else {
            command.next = next;
            command.held.add(event);
        }
    }

    @Override
    public void handleEvents(List<HistoryEvent> events) {
        events.forEach(this::handleEvent);
    }

    private static Command current() {
        CommandContext context = Context.getCommandContext();
        if (context == null) {
            return null;
        }
        return COMMANDS.get().computeIfAbsent(context, c -> {
            Command command = new Command();
            c.registerCommandContextListener(command);
            return command;
        });
    }

    /** What one engine command held back. */
    private static final class Command implements CommandContextListener {
        final List<HistoryEvent> held = new ArrayList<>();
        HistoryEventHandler next;
        boolean empty;
        boolean closed;

        @Override
        public void onCommandContextClose(CommandContext context) {
            closed = true;
            forget(context);
            if (!empty && next != null) {
                next.handleEvents(held);
            }
            held.clear();
        }

        @Override
        public void onCommandFailed(CommandContext context, Throwable t) {
            closed = true;
            forget(context);
            held.clear();
        }

        private void forget(CommandContext context) {
            Map<CommandContext, Command> commands = COMMANDS.get();
            commands.remove(context);
            if (commands.isEmpty()) {
                COMMANDS.remove();
            }
        }
    }
}
