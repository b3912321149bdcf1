package org.cdnbilling.metering;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The problems of a refused batch as they are answered: the first {@value #LISTED} by index and the count of all.
 * A batch of 10,000 samples can have far more problems than samples (each unknown field is one), so the rest are
 * counted, never kept. Problems are added in index order.
 */
public final class SampleProblems {

    /** How many problems an answer lists at most. */
    public static final int LISTED = 100;

    private final List<SampleProblem> listed = new ArrayList<>();
    private int total;

    public void add(SampleProblem problem) {
        total++;
        if (listed.size() < LISTED) {
            listed.add(problem);
        }
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** All problems, listed or not. */
    public int total() {
        return total;
    }

    /** The first {@value #LISTED} problems, by index. */
    public List<SampleProblem> listed() {
        return List.copyOf(listed);
    }

    /** The problems not listed. */
    public int unlisted() {
        return total - listed.size();
    }

    /** The first of any problems in any order. */
    static SampleProblems of(List<SampleProblem> problems) {
        SampleProblems first = new SampleProblems();
        problems.stream().sorted(Comparator.comparingInt(SampleProblem::index)).limit(LISTED).forEach(first::add);
        first.total = problems.size();
        return first;
    }

    /** Both, each in index order, as one. */
    static SampleProblems merged(SampleProblems a, SampleProblems b) {
        List<SampleProblem> both = new ArrayList<>(a.listed);
        both.addAll(b.listed);
        SampleProblems merged = of(both);
        merged.total = a.total + b.total;
        return merged;
    }
}
