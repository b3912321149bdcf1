package org.cdnbilling.metering;

import java.util.List;

/** A posted batch with bad samples: nothing of it is stored. */
public class UsageBatchRejectedException extends RuntimeException {

    private final List<SampleProblem> problems;

    public UsageBatchRejectedException(List<SampleProblem> problems) {
        super(problems.size() + " of the samples are not valid");
        this.problems = List.copyOf(problems);
    }

    public List<SampleProblem> problems() {
        return problems;
    }
}
