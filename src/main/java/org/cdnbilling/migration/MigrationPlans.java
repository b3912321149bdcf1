package org.cdnbilling.migration;

import java.util.List;
import org.camunda.bpm.engine.repository.ProcessDefinition;

/** The plans of the sources of one process key to its target, oldest source first. */
record MigrationPlans(String key, ProcessDefinition target, List<SourcePlan> sources) {

    MigrationPreview preview() {
        return new MigrationPreview(key, DefinitionView.of(target), sources.stream().map(SourcePlan::preview).toList());
    }
}
