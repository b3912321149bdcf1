package org.cdnbilling.engine;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Adds each {@link InstanceCancellationListener} to its process as a built-in end listener, the kind the
 * engine itself uses for history: it runs whether or not custom listeners are skipped (Cockpit's cancel dialog
 * skips them by default). It is not in the diagram, so no deployment can lose it; it applies to every version of
 * the process (definitions are parsed when the engine loads them).
 */
@Component
class CancellationListenersPlugin extends AbstractProcessEnginePlugin {

    private final List<InstanceCancellationListener> listeners;

    CancellationListenersPlugin(List<InstanceCancellationListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                for (InstanceCancellationListener listener : listeners) {
                    if (listener.processKey().equals(processDefinition.getKey())) {
                        processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
                    }
                }
            }
        });
    }
}
