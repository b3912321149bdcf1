package org.cdnbilling.metering;

/** Why the sample at {@code index} (0-based, in the posted batch) cannot be taken. */
public record SampleProblem(int index, String reason) {

    /** The sample at {@code index} gives other values for a stored sample's key. */
    static SampleProblem differsFromStored(int index, long storedBytes, long storedPeakBps) {
        return new SampleProblem(index, "differs from the stored sample (bytes " + storedBytes + ", peakBps "
                + storedPeakBps + ")");
    }
}
