package org.cdnbilling.migration;

import java.util.List;
import org.camunda.bpm.engine.migration.MigrationInstruction;

/** One instruction of Camunda's migration plan. */
public record InstructionView(List<String> sourceActivityIds, List<String> targetActivityIds) {

    static InstructionView of(MigrationInstruction instruction) {
        return new InstructionView(List.of(instruction.getSourceActivityId()),
                List.of(instruction.getTargetActivityId()));
    }
}
