package org.cdnbilling.metering;

import java.util.List;

/** Samples of a batch that give other values for keys already stored: nothing of the batch is stored. */
public class UsageConflictException extends RuntimeException {

    private final List<SampleProblem> conflicts;

    public UsageConflictException(List<SampleProblem> conflicts) {
        super(conflicts.size() + " of the samples differ from the samples stored for their keys");
        this.conflicts = List.copyOf(conflicts);
    }

    public List<SampleProblem> conflicts() {
        return conflicts;
    }
}
