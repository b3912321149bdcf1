package org.cdnbilling.migration;

import org.camunda.bpm.engine.repository.ProcessDefinition;

/** A process definition as the migration endpoint names it. */
public record DefinitionView(String definitionId, int version, String versionTag) {

    static DefinitionView of(ProcessDefinition definition) {
        return new DefinitionView(definition.getId(), definition.getVersion(), definition.getVersionTag());
    }
}
