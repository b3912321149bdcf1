package org.cdnbilling.processversion;

import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/** A definition of a process key with the deployment it came in (a release's, or Camunda Modeler's). */
public record VersionView(String definitionId, int version, String versionTag, String deploymentId,
        String deploymentName, String deploymentSource) {

    static VersionView of(ProcessDefinition definition, Deployment deployment) {
        return new VersionView(definition.getId(), definition.getVersion(), definition.getVersionTag(),
                definition.getDeploymentId(), deployment == null ? null : deployment.getName(),
                deployment == null ? null : deployment.getSource());
    }
}
