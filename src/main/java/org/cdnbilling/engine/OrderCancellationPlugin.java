package org.cdnbilling.engine;

import java.util.ArrayList;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.cdnbilling.activation.ActivationProcess;
import org.cdnbilling.activation.CancelOrderWhenInstanceCancelled;
import org.springframework.stereotype.Component;

/**
 * Adds {@link CancelOrderWhenInstanceCancelled} to the activation process as a built-in end listener, the
 * kind the engine itself uses for history: it runs whether or not custom listeners are skipped. It is not
 * in the diagram, so no deployment can lose it; it applies to every version of {@code cdn-activation}
 * (definitions are parsed when the engine loads them).
 */
@Component
class OrderCancellationPlugin extends AbstractProcessEnginePlugin {

    private final CancelOrderWhenInstanceCancelled listener;

    OrderCancellationPlugin(CancelOrderWhenInstanceCancelled listener) {
        this.listener = listener;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.getCustomPreBPMNParseListeners() == null) {
            configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
        }
        configuration.getCustomPreBPMNParseListeners().add(new AbstractBpmnParseListener() {
            @Override
            public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
                if (ActivationProcess.PROCESS_KEY.equals(processDefinition.getKey())) {
                    processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, listener);
                }
            }
        });
    }
}
