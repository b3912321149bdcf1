package org.cdnbilling.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.cdnbilling.billing.run.BillingRunProcess;
import org.cdnbilling.billing.run.BillingSetAsideProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code cdn-billing-run.bpmn} and {@code cdn-billing-set-aside.bpmn} draw in Cockpit: every element has its shape or
 * edge, and they are versioned.
 */
class BillingRunDiagramTest {

    @ParameterizedTest
    @CsvSource({BillingRunProcess.RESOURCE + "," + BillingRunProcess.PROCESS_KEY + ",2",
            BillingSetAsideProcess.RESOURCE + "," + BillingSetAsideProcess.PROCESS_KEY + ",1"})
    void everyElementIsDrawnAndTheProcessKeepsItsHistoryForThirtyDays(String resource, String key, String versionTag)
            throws Exception {
        BpmnModelInstance model;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            model = Bpmn.readModelFromStream(in);
        }
        var shapes = model.getModelElementsByType(BpmnShape.class).stream()
                .map(shape -> shape.getBpmnElement().getId()).toList();
        var edges = model.getModelElementsByType(BpmnEdge.class).stream()
                .map(edge -> edge.getBpmnElement().getId()).toList();
        assertThat(model.getModelElementsByType(FlowNode.class)).isNotEmpty()
                .allSatisfy(node -> assertThat(shapes).contains(node.getId()));
        assertThat(model.getModelElementsByType(SequenceFlow.class)).isNotEmpty()
                .allSatisfy(flow -> assertThat(edges).contains(flow.getId()));
        Process process = model.getModelElementById(key);
        assertThat(process.getCamundaVersionTag()).isEqualTo(versionTag);
        assertThat(process.getCamundaHistoryTimeToLiveString()).isEqualTo("P30D");
    }
}
