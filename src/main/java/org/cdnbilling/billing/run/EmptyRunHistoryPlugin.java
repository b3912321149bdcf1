package org.cdnbilling.billing.run;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.stereotype.Component;

/** Puts {@link EmptyRunHistory} in front of the engine's database history handler. */
@Component
class EmptyRunHistoryPlugin extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        List<HistoryEventHandler> handlers = new ArrayList<>();
        if (configuration.getCustomHistoryEventHandlers() != null) {
            handlers.addAll(configuration.getCustomHistoryEventHandlers());
        }
        if (configuration.getHistoryEventHandler() == null && configuration.isEnableDefaultDbHistoryEventHandler()) {
            configuration.setEnableDefaultDbHistoryEventHandler(false);
            handlers.add(0, new EmptyRunHistory(new DbHistoryEventHandler()));
        }
        configuration.setCustomHistoryEventHandlers(handlers);
    }
}
