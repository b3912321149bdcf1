package org.cdnbilling.metering;

import java.util.List;

/** Samples of a batch that give other values for keys already stored: nothing of the batch is stored. */
public class UsageConflictException extends RuntimeException {

    private final SampleProblems conflicts;

    public UsageConflictException(List<SampleProblem> conflicts) {
        super(conflicts.size() + " of the samples differ from the samples stored for their keys"
                + (conflicts.size() > SampleProblems.LISTED ? " (the first " + SampleProblems.LISTED + " are listed)"
                        : ""));
        this.conflicts = SampleProblems.of(conflicts);
    }

    public SampleProblems conflicts() {
        return conflicts;
    }
}
