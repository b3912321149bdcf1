package org.cdnbilling.metering;

/** A posted batch with bad samples: nothing of it is stored. */
public class UsageBatchRejectedException extends RuntimeException {

    private final SampleProblems problems;

    public UsageBatchRejectedException(SampleProblems problems) {
        super(problems.total() + " problems in the batch's samples"
                + (problems.unlisted() > 0 ? " (the first " + SampleProblems.LISTED + " are listed)" : ""));
        this.problems = problems;
    }

    public SampleProblems problems() {
        return problems;
    }
}
